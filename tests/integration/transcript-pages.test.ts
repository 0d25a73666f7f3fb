/**
 * The transcript a worker's view carries is paged (issue 15): with 120 messages, GET
 * /api/kw/interactions (and the pages' first paint) carry the newest 50 and say earlier ones
 * exist; GET /api/kw/interactions/{id}/messages?before= reads them, for that worker only; the
 * integration API's transcript stays whole, or is read forwards with `after` and `limit`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRANSCRIPT_PAGE_MESSAGES } from "../../lib/connector/interactions/chat-messages";
import { createReadSide } from "../../lib/http/first-paint-source";
import { startConnector, type Connector } from "../support/harness";
import { rawRequest } from "../support/http";
import { api, answer, asCustomer, chat, createOk, kw, kwInteractions, offersOf, setPresenceAsWorker, signIn } from "../support/interactions";
import { waitFor } from "../support/wait";

type Message = { id: string; from: string; text: string; at: string };
let c: Connector;
let cookie: string;
let id: string;
let whole: Message[];

const earlier = (who: string, query: string) => rawRequest(`${c.url}/api/kw/interactions/${id}/messages${query}`, { headers: { cookie: who } });

beforeAll(async () => {
  c = await startConnector();
  cookie = await signIn(c, "kw1");
  await setPresenceAsWorker(c, cookie, "available");
  const created = await createOk(c, chat("Ann", { worker: "kw1" }));
  id = created.id;
  expect((await asCustomer(c, created.customerToken, "POST", `/api/v1/interactions/${id}/messages`, { text: "the very first message" })).status).toBe(201);
  const [offer] = await waitFor(() => offersOf(c, cookie), (list) => list.length > 0, { what: "kw1's offer" });
  expect((await answer(c, cookie, "accept", offer)).status).toBe(200);
  for (let n = 1; n < 120; n++) expect((await kw(c, cookie, "messages", id, { text: `reply ${n}` })).status).toBe(201);
  whole = (await api(c, "GET", `/api/v1/interactions/${id}/messages`)).json;
}, 120_000);
afterAll(async () => {
  await c.cleanup();
});

describe("a worker's view of a long chat", () => {
  it("carries the newest 50 messages and says earlier ones exist; the first paint the same", async () => {
    expect(whole.length).toBeGreaterThanOrEqual(120);
    expect(whole[0].text).toBe("the very first message");
    const [held] = await kwInteractions(c, cookie);
    expect(held.id).toBe(id);
    expect(held.messages).toHaveLength(TRANSCRIPT_PAGE_MESSAGES);
    expect(held.messages).toEqual(whole.slice(-TRANSCRIPT_PAGE_MESSAGES));
    expect(held.hasEarlier).toBe(true);
    const paint = await createReadSide(c.app.deps).firstPaint(cookie);
    expect(paint.signedIn && paint.interactions[0].messages).toEqual(held.messages);
    expect(paint.signedIn && paint.interactions[0].hasEarlier).toBe(true);
  });

  it("reads the earlier messages page by page, back to the first", async () => {
    const [held] = await kwInteractions(c, cookie);
    let shown = held.messages;
    let hasEarlier = held.hasEarlier;
    let pages = 0;
    while (hasEarlier) {
      const res = await earlier(cookie, `?before=${encodeURIComponent(shown[0].id)}`);
      expect(res.status, res.text).toBe(200);
      expect(res.json.messages.length).toBeLessThanOrEqual(TRANSCRIPT_PAGE_MESSAGES);
      shown = [...res.json.messages, ...shown];
      hasEarlier = res.json.hasEarlier;
      pages++;
    }
    expect(pages).toBe(Math.ceil(whole.length / TRANSCRIPT_PAGE_MESSAGES) - 1);
    expect(shown).toEqual(whole);
    expect((await earlier(cookie, `?before=${whole[10].id}&limit=3`)).json).toEqual({ messages: whole.slice(7, 10), hasEarlier: true });
    // A cursor that is not a message of this chat: nothing before it.
    expect((await earlier(cookie, "?before=not-a-message")).json).toEqual({ messages: [], hasEarlier: false });
  });

  it("is for the worker of the chat only; bad input is 400", async () => {
    const other = await signIn(c, "kw2");
    expect((await earlier(other, `?before=${whole[60].id}`)).status).toBe(403);
    expect((await earlier("", `?before=${whole[60].id}`)).status).toBe(401);
    expect((await rawRequest(`${c.url}/api/kw/interactions/nope/messages`, { headers: { cookie } })).status).toBe(404);
    expect((await earlier(cookie, "?before=a%20b")).status).toBe(400);
    expect((await earlier(cookie, "?limit=0")).status).toBe(400);
    expect((await earlier(cookie, "?limit=10000")).status).toBe(400);
  });
});

describe("the integration API's transcript", () => {
  it("is whole without parameters, and read forwards with after and limit", async () => {
    expect(whole.length).toBeGreaterThan(TRANSCRIPT_PAGE_MESSAGES * 2);
    expect((await api(c, "GET", `/api/v1/interactions/${id}/messages?limit=50`)).json).toEqual(whole.slice(0, 50));
    expect((await api(c, "GET", `/api/v1/interactions/${id}/messages?after=${whole[49].id}&limit=50`)).json).toEqual(whole.slice(50, 100));
    expect((await api(c, "GET", `/api/v1/interactions/${id}/messages?after=${whole[99].id}`)).json).toEqual(whole.slice(100));
    expect((await api(c, "GET", `/api/v1/interactions/${id}/messages?after=${whole.at(-1)!.id}`)).json).toEqual([]);
    expect((await api(c, "GET", `/api/v1/interactions/${id}/messages?limit=abc`)).status).toBe(400);
  });
});
