/**
 * The desktop companion with several nodes (B11, issue 16), on a real PostgreSQL and Redis: a
 * companion whose Bayeux session another node holds pairs through it, is answered by it, reaches
 * the owner's record through the bus, and gets the owner's call commands delivered by that node;
 * a voice offer pending when the owner leaves is matched by the next owner to the call the
 * companion restates after the handshake the takeover makes it do.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompanionDown } from "../../lib/companion/protocol";
import { connectCompanion } from "../support/companion-bayeux";
import { startConnector, type Connector } from "../support/harness";
import { createOk, events, kw, offersOf, setPresenceAsWorker } from "../support/interactions";
import { startPostgres, type LocalPostgres } from "../support/postgres";
import { startRedis, type LocalRedis } from "../support/redis";
import { waitFor } from "../support/wait";

const SECRET = "companion-cluster-secret-0123456789-abcdef";
const API_KEY = "companion-cluster-key-0123456789";
let pg: LocalPostgres;
let redis: LocalRedis;
const nodes: Connector[] = [];

beforeAll(async () => {
  [pg, redis] = await Promise.all([startPostgres({ fsyncOff: true }), startRedis()]);
  const databaseUrl = await pg.createDatabase();
  const start = async (nodeId: string) => {
    const node = await startConnector({ apiKey: API_KEY, secret: SECRET, drainNoticeMs: 0, config: { ...(await import("../support/harness")).demoConfigRaw(), im: { gateways: [] } }, cluster: { databaseUrl, redisUrl: redis.url, nodeId, electionPollMs: 100, windowHeartbeatMs: 500 } });
    nodes.push(node);
    return node;
  };
  const a = await start("node-a");
  await waitFor(() => a.app.isOwner(), Boolean, { what: "node-a owns the work" });
  await start("node-b");
}, 60_000);
afterAll(async () => {
  await Promise.all(nodes.map((n) => n.cleanup().catch(() => undefined)));
  await Promise.all([pg?.stop(), redis?.stop()]);
}, 60_000);

describe("a companion on a node that does not own the work", () => {
  it("is answered there, known to the owner, and gets the owner's commands", async () => {
    const [a, b] = nodes;
    expect(b.app.isOwner()).toBe(false);
    const companion = await connectCompanion(b, "kw1");
    await companion.say({ type: "test", seq: 1, version: "test" });
    await companion.heard((m) => m.type === "ack" && m.seq === 1);
    await companion.say({ type: "softphone", state: "ready" });
    await waitFor(() => a.worker("kw1"), (w) => w.companion?.connected === true && w.companion.softphone === "ready", { what: "the owner knows the companion" });

    const cookie = await a.signIn("kw1");
    await setPresenceAsWorker(a, cookie, "available");
    const { id } = await createOk(a, { media: "voice", from: "sip:robin@127.0.0.1", worker: "kw1" });
    const offers = await waitFor(() => offersOf(a, cookie), (list) => list.some((o) => o.interaction.id === id), { what: "the offer" });
    await companion.say({ type: "call", callId: "c-1", state: "ringing", peer: "sip:robin@127.0.0.1", at: new Date().toISOString() });
    await waitFor(() => events(a), (list) => list.some((e) => e.type === "CallMatched" && e.interaction === id), { what: "CallMatched" });
    const accepting = kw(a, cookie, "accept", id, { offerId: offers.find((o) => o.interaction.id === id)!.id });
    const command: Extract<CompanionDown, { type: "command" }> = await companion.heard((m) => m.type === "command");
    expect(command).toMatchObject({ callId: "c-1", command: { kind: "answer" } });
    await companion.say({ type: "result", commandId: command.commandId, ok: true });
    await companion.say({ type: "call", callId: "c-1", state: "established", at: new Date().toISOString() });
    expect((await accepting).status).toBe(200);

    await companion.disconnect();
    await waitFor(() => a.worker("kw1"), (w) => w.companion?.connected === false, { what: "the owner knows it left" });
  }, 60_000);

  it("a voice offer pending at a takeover is matched by the new owner to the call the companion restates", async () => {
    const [a, b] = nodes;
    const companion = await connectCompanion(b, "kw2");
    let handshakes = 0;
    companion.cometd.addListener("/meta/handshake", (m) => {
      if (m.successful) handshakes++;
    });
    await companion.say({ type: "softphone", state: "ready" });
    await waitFor(() => a.worker("kw2"), (w) => w.companion?.softphone === "ready", { what: "the owner knows kw2's companion" });
    const cookie = await a.signIn("kw2");
    await setPresenceAsWorker(a, cookie, "available");
    const { id } = await createOk(a, { media: "voice", from: "sip:sam@127.0.0.1", worker: "kw2" });
    await waitFor(() => offersOf(a, cookie), (list) => list.some((o) => o.interaction.id === id), { what: "the offer" });

    // The owner goes before the call rings: node-b takes over and every session handshakes again.
    await a.cleanup();
    await waitFor(() => b.app.isOwner(), Boolean, { what: "node-b owns the work" });
    await waitFor(() => handshakes, (n) => n >= 1, { what: "the companion's new handshake" });
    // What a companion says after each handshake: its softphone, and its ringing call again.
    await companion.say({ type: "softphone", state: "ready" });
    await waitFor(() => b.worker("kw2"), (w) => w.companion?.connected === true, { what: "the new owner knows the companion" });
    await companion.say({ type: "call", callId: "c-2", state: "ringing", peer: "sip:sam@127.0.0.1", at: new Date().toISOString() });
    await waitFor(() => events(b), (list) => list.some((e) => e.type === "CallMatched" && e.interaction === id), { what: "CallMatched after the takeover" });
    expect((await events(b)).some((e) => e.type === "CallNotMatched" && e.interaction === id)).toBe(false);
  }, 60_000);
});
