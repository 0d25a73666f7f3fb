/**
 * Recent interactions (issue 20): GET /api/kw/recent?since= lists the signed-in worker's own
 * finished interactions since then (within the last 48 h), newest first, at most 50, each with its
 * disposition; the transcript of one is read with GET /api/kw/interactions/{id}/messages by the
 * worker who handled it, never by another; a session an invitation link opened gets 403.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoConfigRaw, startConnector, type Connector } from "../support/harness";
import { rawRequest } from "../support/http";
import { asCustomer, chat, createOk, offersOf, setPresence, setPresenceAsWorker, signIn, kw } from "../support/interactions";
import { waitFor } from "../support/wait";

let c: Connector;
const lines: string[] = [];
let kw1: string;
let kw2: string;
let started: Date;

const recent = (cookie: string, query: string) => rawRequest(`${c.url}/api/kw/recent${query}`, { headers: { cookie } });
const since = (d: Date) => `?since=${encodeURIComponent(d.toISOString())}`;
const act = (cookie: string, id: string, action: string, body?: object) =>
  rawRequest(`${c.url}/api/kw/interactions/${id}/actions/${action}`, { method: "POST", headers: { cookie }, body: body ?? {} });

/** A chat to `worker` with one customer message, accepted, ended and done with `disposition`. */
async function finished(cookie: string, worker: string, from: string, disposition?: string): Promise<string> {
  const { id, customerToken } = await createOk(c, chat(from, { worker, subject: `About ${from}` }));
  expect((await asCustomer(c, customerToken, "POST", `/api/v1/interactions/${id}/messages`, { text: `hello from ${from}` })).status).toBe(201);
  const offers = await waitFor(() => offersOf(c, cookie), (list) => list.some((o) => o.interaction.id === id), { what: `${worker}'s offer of ${id}` });
  expect((await kw(c, cookie, "accept", id, { offerId: offers.find((o) => o.interaction.id === id)!.id })).status).toBe(200);
  expect((await act(cookie, id, "end")).status).toBe(200);
  const done = await act(cookie, id, "done", disposition ? { disposition, note: "sorted" } : {});
  expect(done.status, done.text).toBe(200);
  return id;
}

beforeAll(async () => {
  const config = demoConfigRaw();
  config.routing = { ...(config.routing ?? {}), dispositions: ["Resolved", "Follow-up"], "wrap-up-time": 60 };
  c = await startConnector({ config, consoleWrite: (line) => lines.push(line) });
  started = new Date(Date.now() - 1000);
  kw1 = await signIn(c, "kw1");
  kw2 = await signIn(c, "kw2");
  await setPresenceAsWorker(c, kw1, "available");
  await setPresenceAsWorker(c, kw2, "available");
}, 60_000);
afterAll(async () => {
  await c.cleanup();
});

describe("GET /api/kw/recent", () => {
  let first: string;
  let second: string;
  let others: string;

  it("lists the worker's own finished interactions, newest first, with their disposition", async () => {
    first = await finished(kw1, "kw1", "Ann", "Resolved");
    second = await finished(kw1, "kw1", "Bob");
    others = await finished(kw2, "kw2", "Cy", "Follow-up");
    const res = await recent(kw1, since(started));
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual([
      { id: second, media: "chat", from: "Bob", subject: "About Bob", doneAt: expect.any(String) },
      { id: first, media: "chat", from: "Ann", subject: "About Ann", doneAt: expect.any(String), disposition: "Resolved", note: "sorted" },
    ]);
    expect(Date.parse(res.json[0].doneAt)).toBeGreaterThanOrEqual(Date.parse(res.json[1].doneAt));
    expect((await recent(kw2, since(started))).json.map((i: { id: string }) => i.id)).toEqual([others]);
    expect((await recent(kw1, `${since(started)}&limit=1`)).json.map((i: { id: string }) => i.id)).toEqual([second]);
    // Done before `since`: not listed.
    expect((await recent(kw1, since(new Date(Date.parse(res.json[0].doneAt) + 1)))).json).toEqual([]);
  });

  it("leaves out what is not finished", async () => {
    const { id } = await createOk(c, chat("Dee", { worker: "kw1" }));
    await waitFor(() => offersOf(c, kw1), (list) => list.some((o) => o.interaction.id === id), { what: "the offer of Dee's chat" });
    expect((await recent(kw1, since(started))).json.map((i: { id: string }) => i.id)).toEqual([second, first]);
  });

  it("lets the worker who handled a finished chat read its transcript, and no other worker", async () => {
    const page = await rawRequest(`${c.url}/api/kw/interactions/${first}/messages`, { headers: { cookie: kw1 } });
    expect(page.status, page.text).toBe(200);
    expect(page.json.messages.map((m: { text: string }) => m.text)).toContain("hello from Ann");
    expect((await rawRequest(`${c.url}/api/kw/interactions/${others}/messages`, { headers: { cookie: kw1 } })).status).toBe(403);
    expect((await rawRequest(`${c.url}/api/kw/interactions/${first}/messages`, { headers: { cookie: kw2 } })).status).toBe(403);
  });

  it("takes since within the last 48 hours and a limit of at most 50; bad input is 400, no session 401", async () => {
    const now = Date.now();
    expect((await recent(kw1, since(new Date(now - 47 * 3600_000)))).status).toBe(200);
    for (const query of [
      since(new Date(now - 49 * 3600_000)),
      since(new Date(now + 3600_000)),
      "",
      "?since=yesterday",
      "?since=2026-03-01",
      `${since(started)}&limit=51`,
      `${since(started)}&limit=0`,
      `${since(started)}&worker=kw2`,
    ]) {
      const res = await recent(kw1, query);
      expect(res.status, query).toBe(400);
      expect(res.json.error.code).toBe("bad_request");
    }
    expect((await recent("", since(started))).status).toBe(401);
  });

  it("refuses a session an invitation link opened (403)", async () => {
    await setPresence(c, "kw3", "available");
    await createOk(c, chat("Eve", { worker: "kw3" }));
    const line = await waitFor(() => lines.find((l) => l.startsWith("ucc invitation: kw3 ")), (l) => l !== undefined, { what: "kw3's invitation line" });
    const link = /(http:\/\/\S+)/.exec(line!)![1];
    const opened = await rawRequest(link, { method: "POST", headers: { origin: c.url, "sec-fetch-site": "same-origin", "content-type": "application/x-www-form-urlencoded" }, body: "" });
    expect(opened.status).toBe(303);
    const scoped = ([] as string[]).concat(opened.headers["set-cookie"] ?? []).map((v) => v.split(";")[0]).find((v) => v.startsWith("ucc_session="))!;
    const res = await recent(scoped, since(started));
    expect(res.status, res.text).toBe(403);
    expect(res.json.error.code).toBe("forbidden");
  });
});
