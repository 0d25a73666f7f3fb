/**
 * Several nodes in one process, on a real PostgreSQL and Redis (issue 16): one owns the work and
 * the others forward to it; a change committed on the owner reaches a window held by another
 * node; windows count cluster-wide (Preview or invitation); a sign-out on one node ends the
 * worker's windows on every node; when the owner lets go, another takes over and rebuilds from
 * the store; several-node settings without a shared secret are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnectorApp } from "../../lib/app";
import { loadConfig } from "../../lib/config/load";
import { createLogger } from "../../lib/observability/logger";
import { startConnector, DEMO_CONFIG_FILE, tempDir, type Connector } from "../support/harness";
import { rawHandshake, bayeuxPost } from "../support/bayeux";
import { rawRequest } from "../support/http";
import { startPostgres, type LocalPostgres } from "../support/postgres";
import { startRedis, type LocalRedis } from "../support/redis";
import { chat, createOk, offersOf, setPresenceAsWorker } from "../support/interactions";
import { waitFor } from "../support/wait";

const SECRET = "cluster-test-secret-0123456789-abcdefghij";
const API_KEY = "cluster-test-key-0123456789";
let pg: LocalPostgres;
let redis: LocalRedis;
let databaseUrl: string;
const nodes: Connector[] = [];

beforeAll(async () => {
  [pg, redis] = await Promise.all([startPostgres({ fsyncOff: true }), startRedis()]);
  databaseUrl = await pg.createDatabase();
}, 60_000);
afterAll(async () => {
  await Promise.all(nodes.map((n) => n.cleanup().catch(() => undefined)));
  await Promise.all([pg?.stop(), redis?.stop()]);
}, 60_000);

const consoleLines: string[] = [];
const startNode = async (nodeId: string) => {
  const node = await startConnector({
    consoleWrite: (line) => consoleLines.push(line),
    apiKey: API_KEY,
    secret: SECRET,
    drainNoticeMs: 0,
    cluster: { databaseUrl, redisUrl: redis.url, nodeId, electionPollMs: 100, windowHeartbeatMs: 500 },
  });
  nodes.push(node);
  return node;
};

/** A long-polling window on `node`: handshaken and subscribed to the worker's offers. */
async function window(node: Connector, cookie: string, worker: string) {
  const hs = await rawHandshake(node.url, { cookie });
  expect(hs).toMatchObject({ successful: true });
  const clientId = hs.clientId as string;
  const sub = await bayeuxPost(node.url, [{ channel: "/meta/subscribe", clientId, subscription: `/kw/${worker}/offers` }], { cookie });
  expect(sub.replies[0]).toMatchObject({ successful: true });
  return {
    clientId,
    /** The next /meta/connect: answered with what was pushed meanwhile (or the server's timeout). */
    connect: () => bayeuxPost(node.url, { channel: "/meta/connect", clientId, connectionType: "long-polling", advice: { timeout: 0 } }, { cookie }),
  };
}

describe("several nodes", () => {
  let a: Connector;
  let b: Connector;

  it("elects one owner; the other forwards the API and the sign-in to it", async () => {
    a = await startNode("node-a");
    await waitFor(() => a.app.isOwner(), Boolean, { what: "node-a owns the work" });
    b = await startNode("node-b");
    expect(b.app.isOwner()).toBe(false);
    const viaB = await b.api("GET", "/api/v1/workers/kw1");
    expect(viaB.status).toBe(200);
    expect(viaB.json).toMatchObject({ id: "kw1" });
    expect((await b.request("/readyz")).status).toBe(200);
    // The balancer sends the API straight to the owner: only it answers ?role=owner.
    expect((await a.request("/readyz?role=owner")).status).toBe(200);
    expect((await b.request("/readyz?role=owner")).json).toEqual({ status: "not-owner" });
    // The owner's own health and readiness are its own: B answers them itself.
    expect((await b.request("/healthz")).json).toEqual({ status: "ok" });
  });

  it("delivers a push committed on the owner to a window held by another node, counted cluster-wide", async () => {
    const cookie = await b.signIn("kw1");
    const w = await window(b, cookie, "kw1");
    await waitFor(async () => (await a.worker("kw1")).windows, (n) => n === 1, { what: "the owner counts B's window" });
    await setPresenceAsWorker(b, cookie, "available");
    const created = await createOk(a, chat("Robin"));
    const pushed = await waitFor(
      async () => (await w.connect()).replies.filter((r) => r.channel === "/kw/kw1/offers"),
      (list) => list.length > 0,
      { what: "the offer pushed to B's window" },
    );
    expect(pushed[0].data).toMatchObject({ type: "offer" });
    expect((await offersOf(b, cookie)).map((o) => o.interaction.id)).toContain(created.id);
  });

  it("ends the worker's windows on every node when they sign out on another", async () => {
    const cookie = await a.signIn("kw2");
    const onB = await window(b, cookie, "kw2");
    const out = await a.request("/signout", { method: "POST", headers: { cookie } });
    expect(out.status).toBe(200);
    await waitFor(async () => (await onB.connect()).replies.find((r) => r.channel === "/meta/connect"), (r) => r?.successful === false, {
      what: "B's window of kw2 ended",
    });
    expect((await b.request("/api/kw/me", { headers: { cookie } })).status).toBe(401);
  });

  it("drops a window an invitation link opened on another node once its interaction is done there", async () => {
    await a.api("PUT", "/api/v1/workers/kw3/presence", { presence: "available" });
    const { id } = await createOk(a, chat("Pat", { worker: "kw3" }));
    const line = await waitFor(() => consoleLines.find((l) => l.startsWith("ucc invitation: kw3 ")), Boolean, { what: "the invitation for kw3" });
    const link = new URL(/(http:\/\/\S+)/.exec(line!)![1]);
    // Open is pressed on B: B forwards the POST to the owner, which opens a session scoped to the chat.
    const open = await rawRequest(`${b.url}${link.pathname}${link.search}`, {
      method: "POST",
      headers: { origin: b.url, "sec-fetch-site": "same-origin", "content-type": "application/x-www-form-urlencoded" },
      body: "",
    });
    expect(open.status).toBe(303);
    const cookie = ([] as string[]).concat(open.headers["set-cookie"] ?? []).map((v) => v.split(";")[0]).find((v) => v.startsWith("ucc_session="))!;
    const scoped = await b.bayeux({ cookie });
    expect((await scoped.subscribe(`/kw/kw3/scoped/${id}`)).successful).toBe(true);
    const [offer] = await offersOf(b, cookie);
    expect((await rawRequest(`${b.url}/api/kw/interactions/${id}/accept`, { method: "POST", headers: { cookie }, body: { offerId: offer.id } })).status).toBe(200);
    expect((await a.api("POST", `/api/v1/interactions/${id}/end`)).status).toBe(200);
    expect((await rawRequest(`${b.url}/api/kw/interactions/${id}/done`, { method: "POST", headers: { cookie }, body: {} })).status).toBe(200);
    await waitFor(() => scoped.cometd.isDisconnected(), Boolean, { what: "B dropping the scoped window" });
  });

  it("hands the work over when the owner lets go: the next node rebuilds its offers from the store", async () => {
    const before = await a.api("GET", "/api/v1/workers/kw1");
    expect(before.json.interactions.length).toBeGreaterThan(0);
    await a.close();
    await waitFor(() => b.app.isOwner(), Boolean, { what: "node-b takes over", timeoutMs: 10_000 });
    const after = await b.api("GET", "/api/v1/workers/kw1");
    expect(after.json.interactions).toEqual(before.json.interactions);
  });
});

describe("several-node settings", () => {
  it("refuse to start without the shared secret, naming it", async () => {
    await expect(
      createConnectorApp({
        config: loadConfig(DEMO_CONFIG_FILE).config,
        dataDir: tempDir(),
        apiKey: API_KEY,
        logger: createLogger("silent"),
        cluster: { databaseUrl, redisUrl: redis.url, nodeId: "node-x" },
      }),
    ).rejects.toThrow(/^environment variable UCC_SECRET: required .* because UCC_DATABASE_URL and UCC_REDIS_URL are set/);
  });
});
