/**
 * Invitations and crashes: a connector process killed with SIGKILL after it kept an invitation as
 * out and called the webhook, before the webhook answered. At the next start the invitation is
 * sent again (a new link for the same offer) while the offer can still be answered, or reported
 * InvitationFailed ("connector restarted") when it cannot; never silently dropped, and the worker
 * is never set Away as if they had missed a Preview.
 */
import Database from "better-sqlite3";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startConnectorProcess, type ConnectorProcess } from "../support/connector-process";
import { demoConfigRaw } from "../support/harness";
import { chat, createOk, events, getInteraction, setPresence, worker } from "../support/interactions";
import { waitFor } from "../support/wait";

interface Hit {
  body: { worker: string; link: string; interaction: { id: string } };
  res: ServerResponse;
}

let proc: ConnectorProcess | undefined;
let server: http.Server;
let port: number;
const hits: Hit[] = [];
/** While set, the webhook takes the request and never answers (the connector is killed meanwhile). */
let holding = true;

beforeEach(async () => {
  hits.length = 0;
  holding = true;
  server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    req.on("end", () => {
      hits.push({ body: JSON.parse(text), res });
      if (!holding) res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterEach(async () => {
  await proc?.cleanup();
  proc = undefined;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** kw1 is offered a chat with no window open; the webhook has the invitation and has not answered when the connector dies. */
async function crashBeforeTheAnswer(): Promise<{ id: string; first: Hit }> {
  const raw = demoConfigRaw();
  raw.routing = { "preview-timeout": 120, "restart-grace": 0 };
  raw.im = { gateways: [{ type: "webhook", url: `http://127.0.0.1:${port}/invite`, secret: "a-webhook-secret-0123456789", "timeout-ms": 60_000, retries: 0 }] };
  proc = await startConnectorProcess({ config: raw });
  await setPresence(proc, "kw1", "available");
  const { id } = await createOk(proc, chat("Pat"));
  const [first] = await waitFor(() => hits, (list) => list.length === 1, { what: "the webhook call" });
  expect(first.body).toMatchObject({ worker: "kw1", interaction: { id } });
  await proc.kill9();
  server.closeAllConnections();
  holding = false;
  return { id, first };
}

const invitationEvents = async (e: ConnectorProcess, id: string) =>
  (await events(e)).filter((ev) => ev.interaction === id && ev.type.startsWith("Invitation")).map((ev) => [ev.type, ev.worker, ev.reasons]);

describe("an invitation cut off by a crash", () => {
  it("is sent again at the next start, with a new link for the same offer, while the offer is open", { timeout: 60_000 }, async () => {
    const { id, first } = await crashBeforeTheAnswer();
    proc = await proc!.restart();
    const e = proc;

    const [, again] = await waitFor(() => hits, (list) => list.length === 2, { what: "the invitation sent again" });
    expect(again.body).toMatchObject({ worker: "kw1", interaction: { id } });
    expect(again.body.link).not.toBe(first.body.link);
    await waitFor(() => invitationEvents(e, id), (list) => list.length > 0, { what: "the invitation's outcome" });
    expect(await invitationEvents(e, id)).toEqual([["InvitationSent", "kw1", { gateway: "webhook" }]]);
    expect(await getInteraction(e, id)).toMatchObject({ state: "offered", worker: "kw1" });
    expect((await worker(e, "kw1")).presence).toBe("available");
  });

  it("is reported InvitationFailed when its offer cannot be answered any more, and counts as a Reject (not Away)", { timeout: 60_000 }, async () => {
    const { id } = await crashBeforeTheAnswer();
    // The outage outlasted the offer.
    const db = new Database(path.join(proc!.dataDir, "connector.sqlite"));
    db.prepare("UPDATE interactions SET offer = json_set(offer, '$.deadline', ?) WHERE id = ?").run(new Date(Date.now() - 60_000).toISOString(), id);
    db.close();
    proc = await proc!.restart();
    const e = proc;

    await waitFor(() => invitationEvents(e, id), (list) => list.length > 0, { what: "the invitation's outcome" });
    expect(await invitationEvents(e, id)).toEqual([["InvitationFailed", "kw1", { reason: "connector restarted" }]]);
    const closing = await waitFor(
      async () => (await events(e)).filter((ev) => ev.interaction === id && ["InteractionRejected", "InteractionTimedOut"].includes(ev.type)),
      (list) => list.length > 0,
      { what: "the offer's end" },
    );
    expect(closing.map((ev) => [ev.type, ev.reasons])).toEqual([["InteractionRejected", { invitation: "not-accepted" }]]);
    expect((await worker(e, "kw1")).presence).toBe("available");
    expect(hits).toHaveLength(1);
  });
});
