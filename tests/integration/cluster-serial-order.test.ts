/**
 * B4 across nodes (issue 16): presence changes arriving on one node race offers created on
 * another and answers given on a third, in bursts nobody awaits one by one, over 200 seeds on
 * one cluster of three nodes (real PostgreSQL and Redis). Whatever the interleaving, the event log
 * never shows an offer to a worker who was not Ready when it was made, nor an interaction offered
 * twice at once, and every acknowledged interaction is kept once.
 *
 * Reproduce: UCC_CLUSTER_SEEDS=<first>,<count> npx vitest run tests/integration/cluster-serial-order.test.ts
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConnector, type Connector } from "../support/harness";
import { api, offerDiscipline, type ReportingEventView } from "../support/interactions";
import { readinessDiscipline } from "../support/invariants";
import { startPostgres, type LocalPostgres } from "../support/postgres";
import { prng } from "../support/prng";
import { rawRequest } from "../support/http";
import { startRedis, type LocalRedis } from "../support/redis";
import { waitFor } from "../support/wait";

const SECRET = "cluster-order-secret-0123456789-abcdefghij";
const API_KEY = "cluster-order-key-0123456789";
const WORKERS = ["kw1", "kw2", "kw3"];
const PRESENCES = ["available", "available", "available", "busy", "away", "dnd", "offline"];
const OPS_PER_SEED = 8;
const [FIRST_SEED, SEED_COUNT] = (process.env.UCC_CLUSTER_SEEDS ?? "5000,200").split(",").map(Number);

let pg: LocalPostgres;
let redis: LocalRedis;
const nodes: Connector[] = [];

beforeAll(async () => {
  [pg, redis] = await Promise.all([startPostgres({ fsyncOff: true }), startRedis()]);
  const databaseUrl = await pg.createDatabase();
  for (const nodeId of ["node-1", "node-2", "node-3"]) {
    nodes.push(await startConnector({ apiKey: API_KEY, secret: SECRET, cluster: { databaseUrl, redisUrl: redis.url, nodeId, electionPollMs: 100 } }));
    if (nodes.length === 1) await waitFor(() => nodes[0].app.isOwner(), Boolean, { what: "node-1 owns the work" });
  }
}, 90_000);
afterAll(async () => {
  await Promise.all(nodes.map((n) => n.cleanup().catch(() => undefined)));
  await Promise.all([pg?.stop(), redis?.stop()]);
}, 60_000);

describe("B4 across nodes", () => {
  it(`never offers to a worker who was not Ready, over ${SEED_COUNT} seeds of racing bursts`, { timeout: 600_000 }, async () => {
    const cookies = new Map<string, string>();
    for (const w of WORKERS) cookies.set(w, await nodes[1].signIn(w));
    const created: string[] = [];
    let ended = 0;
    for (let seed = FIRST_SEED; seed < FIRST_SEED + SEED_COUNT; seed++) {
      const rnd = prng(seed);
      const burst: Promise<unknown>[] = [];
      for (let k = 0; k < OPS_PER_SEED; k++) {
        const node = rnd.pick(nodes);
        const worker = rnd.pick(WORKERS);
        const roll = rnd.next();
        if (roll < 0.35) {
          const presence = rnd.pick(PRESENCES);
          burst.push(rnd.next() < 0.5 ? api(node, "PUT", `/api/v1/workers/${worker}/presence`, { presence }) : rawRequest(`${node.url}/api/kw/presence`, { method: "PUT", headers: { cookie: cookies.get(worker)! }, body: { presence } }));
        } else if (roll < 0.6) {
          burst.push(
            api(node, "POST", "/api/v1/interactions", { media: "chat", from: `seed ${seed}` }).then((res) => {
              expect(res.status).toBe(201);
              created.push(res.json.id);
            }),
          );
        } else if (roll < 0.85) {
          // Answer an open offer of this worker's, from whichever node the burst picked.
          burst.push(
            rawRequest(`${node.url}/api/kw/offers`, { headers: { cookie: cookies.get(worker)! } }).then(async (res) => {
              const offer = (res.json as Array<{ id: string; interaction: { id: string } }>)[0];
              if (!offer) return;
              const kind = rnd.next() < 0.6 ? "accept" : "reject";
              await rawRequest(`${node.url}/api/kw/interactions/${offer.interaction.id}/${kind}`, { method: "POST", headers: { cookie: cookies.get(worker)! }, body: { offerId: offer.id } });
            }),
          );
        } else if (ended < created.length) {
          // NOTE: the oldest not yet ended: that frees the workers' capacity for new offers.
          burst.push(api(node, "POST", `/api/v1/interactions/${created[ended++]}/end`, {}));
        }
      }
      await Promise.all(burst);
    }

    const all: ReportingEventView[] = [];
    for (let after = 0; ; ) {
      const page = await api(nodes[2], "GET", `/api/v1/events?after=${after}&limit=1000`);
      expect(page.status).toBe(200);
      if (page.json.length === 0) break;
      all.push(...page.json);
      after = page.json[page.json.length - 1].seq;
    }
    // NOTE: only proves the run was not vacuous. How many offers the races leave room for depends on
    // the interleaving: 61-73 here over 200 seeds, 47 on CI's faster machine; a floor at a tenth of
    // the seeds still fails when routing stops offering at all.
    expect(all.filter((e) => e.type === "InteractionOffered").length).toBeGreaterThan(SEED_COUNT / 10);
    expect(readinessDiscipline(all, { timeoutSetsPresence: false })).toEqual([]);
    expect(offerDiscipline(all).problems).toEqual([]);
    // Every acknowledged interaction is kept, and queued once.
    const queued = all.filter((e) => e.type === "InteractionQueued").map((e) => e.interaction);
    expect(new Set(queued).size).toBe(queued.length);
    expect(new Set(queued)).toEqual(new Set(created));
  });
});
