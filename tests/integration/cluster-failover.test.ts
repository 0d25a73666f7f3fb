/**
 * Three connector nodes (real processes) behind HAProxy on a real PostgreSQL and Redis (issue
 * 16): eight streams of chats and customer messages run through the balancer while the owner is
 * SIGKILLed and, later, the next owner is drained (SIGTERM). Afterwards every acknowledged chat
 * and message is there exactly once, no offer was doubled, and the windows that lived on the
 * nodes that went away handshook again on another node.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readOwner } from "../../lib/store/pg/ownership";
import { newCometD } from "../support/bayeux";
import { startConnectorProcess, type ConnectorProcess } from "../support/connector-process";
import { freePort } from "../support/free-port";
import { startHaproxy, type LocalHaproxy } from "../support/haproxy";
import { rawRequest, type RawResponse } from "../support/http";
import { offerDiscipline, type ReportingEventView } from "../support/interactions";
import { startPostgres, type LocalPostgres } from "../support/postgres";
import { startRedis, type LocalRedis } from "../support/redis";
import { devSignIn } from "../support/sign-in";
import { sleep, waitFor } from "../support/wait";

const SECRET = "cluster-failover-secret-0123456789-abcdefgh";
const API_KEY = "cluster-failover-key-0123456789";
const STREAMS = 8;
const CHATS_PER_STREAM = 6;
const MESSAGES_PER_CHAT = 4;

let pg: LocalPostgres;
let redis: LocalRedis;
let haproxy: LocalHaproxy;
let databaseUrl: string;
const nodes = new Map<string, ConnectorProcess>();

beforeAll(async () => {
  [pg, redis] = await Promise.all([startPostgres({ fsyncOff: true }), startRedis()]);
  databaseUrl = await pg.createDatabase();
  const names = ["node-1", "node-2", "node-3"];
  const ports = await Promise.all(names.map(() => freePort()));
  // NOTE: one after another: three tsx compilations at once take long on two cores.
  for (const [k, name] of names.entries()) {
    nodes.set(
      name,
      await startConnectorProcess({
        apiKey: API_KEY,
        secret: SECRET,
        port: ports[k],
        drainNoticeMs: 2_500,
        startTimeoutMs: 60_000,
        cluster: { databaseUrl, redisUrl: redis.url, nodeId: name, electionPollMs: 500, windowHeartbeatMs: 1_000 },
      }),
    );
  }
  haproxy = await startHaproxy({ backends: names.map((name, k) => ({ name, host: "127.0.0.1", port: ports[k] })) });
  await waitFor(() => rawRequest(`${haproxy.url}/readyz`), (r) => r.status === 200, { what: "the cluster ready through HAProxy", timeoutMs: 30_000 });
}, 180_000);
afterAll(async () => {
  await haproxy?.stop();
  await Promise.all([...nodes.values()].map((n) => n.cleanup().catch(() => undefined)));
  await Promise.all([pg?.stop(), redis?.stop()]);
}, 60_000);

/** A call through the balancer, sent again (same key, same message id) until it is answered 2xx. */
async function acknowledged(method: string, pathname: string, body: object, headers: Record<string, string> = {}): Promise<RawResponse> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await rawRequest(haproxy.url + pathname, { method, body, headers: { authorization: `Bearer ${API_KEY}`, ...headers }, timeoutMs: 20_000 }).catch((error: Error) => ({ status: 0, text: error.message }) as RawResponse);
    if (res.status >= 200 && res.status < 300) return res;
    if (res.status >= 400 && res.status < 500 && res.status !== 429) throw new Error(`${method} ${pathname}: ${res.status} ${res.text}`);
    if (Date.now() > deadline) throw new Error(`${method} ${pathname} never acknowledged; last ${res.status} ${res.text}`);
    await sleep(200);
  }
}

const ownerName = async () => (await readOwner(databaseUrl))?.node;

/** A worker's window pinned (HAProxy's cookie) to one node, counting its successful handshakes. */
function windowOn(node: string, cookie: string) {
  const cometd = newCometD(haproxy.url, { cookie: `${cookie}; UCCNODE=${node}` });
  let handshakes = 0;
  cometd.addListener("/meta/handshake", (m) => {
    if (m.successful) handshakes++;
  });
  cometd.handshake();
  return { cometd, handshakes: () => handshakes };
}

describe("three nodes behind HAProxy", () => {
  it("loses nothing acknowledged when the owner is SIGKILLed and the next owner drained mid-stream", { timeout: 300_000 }, async () => {
    for (const w of ["kw1", "kw2", "kw3"]) await acknowledged("PUT", `/api/v1/workers/${w}/presence`, { presence: "available" });
    const first = (await ownerName())!;
    const cookie = await devSignIn(haproxy.url, "kw1");
    const onFirst = windowOn(first, cookie);
    await waitFor(onFirst.handshakes, (n) => n === 1, { what: "a window on the owner" });

    const chats = new Map<string, string[]>();
    let acks = 0;
    const stream = async (s: number) => {
      for (let c = 0; c < CHATS_PER_STREAM; c++) {
        const created = await acknowledged("POST", "/api/v1/interactions", { media: "chat", from: `stream ${s}` }, { "idempotency-key": `s${s}-c${c}` });
        const id = created.json.id as string;
        chats.set(id, []);
        acks++;
        for (let m = 0; m < MESSAGES_PER_CHAT; m++) {
          const messageId = `msg-s${s}-c${c}-m${m}`;
          await acknowledged("POST", `/api/v1/interactions/${id}/messages`, { id: messageId, text: `message ${m}` });
          chats.get(id)!.push(messageId);
          acks++;
        }
      }
    };
    const streams = Promise.all(Array.from({ length: STREAMS }, (_, s) => stream(s)));

    // The owner dies mid-stream; another node takes over.
    await waitFor(() => acks, (n) => n >= 20, { what: "the streams under way" });
    await nodes.get(first)!.kill9();
    const second = await waitFor(ownerName, (n) => n !== undefined && n !== first, { what: "a new owner", timeoutMs: 30_000 });
    await waitFor(onFirst.handshakes, (n) => n >= 2, { what: "the killed node's window handshaking again elsewhere", timeoutMs: 30_000 });
    const onSecond = windowOn(second!, cookie);
    await waitFor(onSecond.handshakes, (n) => n === 1, { what: "a window on the second owner" });

    // Later the second owner is drained (a rolling upgrade); the last node takes over.
    const before = acks;
    await waitFor(() => acks, (n) => n >= before + 20, { what: "the streams going on under the second owner", timeoutMs: 60_000 });
    await nodes.get(second!)!.stop();
    await waitFor(ownerName, (n) => n !== undefined && n !== first && n !== second, { what: "the third owner", timeoutMs: 30_000 });
    await waitFor(onSecond.handshakes, (n) => n >= 2, { what: "the drained node's window handshaking again elsewhere", timeoutMs: 30_000 });
    await streams;
    onFirst.cometd.disconnect();
    onSecond.cometd.disconnect();

    expect(chats.size).toBe(STREAMS * CHATS_PER_STREAM);
    for (const [id, sent] of chats) {
      const transcript = await acknowledged("GET", `/api/v1/interactions/${id}/messages`, {});
      const ids = (transcript.json as Array<{ id: string }>).map((m) => m.id).filter((m) => m.startsWith("msg-"));
      expect(ids).toEqual(sent);
    }
    const events: ReportingEventView[] = [];
    for (let after = 0; ; ) {
      const page = (await acknowledged("GET", `/api/v1/events?after=${after}&limit=1000`, {})).json as ReportingEventView[];
      if (page.length === 0) break;
      events.push(...page);
      after = page[page.length - 1].seq;
    }
    const queued = events.filter((e) => e.type === "InteractionQueued").map((e) => e.interaction);
    expect(queued.length).toBe(chats.size);
    expect(new Set(queued)).toEqual(new Set(chats.keys()));
    expect(offerDiscipline(events).problems).toEqual([]);
    expect(events.some((e) => e.type === "InteractionOffered")).toBe(true);
  });
});
