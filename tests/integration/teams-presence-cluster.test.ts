/**
 * Issue 17 with several nodes (issue 16): Teams presence sync runs where the connector core runs,
 * on the owner only, and moves with the work when the owner dies. Each node has its own msal token
 * cache, so the stand-in's token requests count the nodes that ever synced.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { readOwner } from "../../lib/store/pg/ownership";
import { makeTestCertificates, type TestCertificates } from "../support/certificates";
import { startConnectorProcess, type ConnectorProcess } from "../support/connector-process";
import { startGraphStandIn, type GraphStandIn } from "../support/graph-stand-in";
import { demoConfigRaw } from "../support/harness";
import { worker } from "../support/interactions";
import { startPostgres, type LocalPostgres } from "../support/postgres";
import { startRedis, type LocalRedis } from "../support/redis";
import { waitFor } from "../support/wait";

const SECRET = "teams-presence-cluster-secret-0123456789-abc";
const API_KEY = "teams-presence-cluster-key-0123456789";
const UPN = "alex.morgan@contoso.onmicrosoft.com";

let pg: LocalPostgres;
let redis: LocalRedis;
let certificates: TestCertificates;
let graph: GraphStandIn;
let databaseUrl: string;
let userId: string;
const nodes = new Map<string, ConnectorProcess>();

beforeAll(async () => {
  [pg, redis] = await Promise.all([startPostgres({ fsyncOff: true }), startRedis()]);
  databaseUrl = await pg.createDatabase();
  certificates = makeTestCertificates();
  graph = await startGraphStandIn(certificates);
  userId = graph.addUser(UPN);
  graph.setPreferred(userId, { availability: "Busy", activity: "InAMeeting" });
  const raw = demoConfigRaw();
  raw.graph = graph.config({ "poll-seconds": 1 });
  raw.workers[0].upn = UPN;
  // NOTE: one after another: two tsx compilations at once take long on two cores.
  for (const name of ["node-1", "node-2"]) {
    nodes.set(
      name,
      await startConnectorProcess({
        config: raw,
        apiKey: API_KEY,
        secret: SECRET,
        startTimeoutMs: 60_000,
        env: { NODE_EXTRA_CA_CERTS: certificates.caPem },
        cluster: { databaseUrl, redisUrl: redis.url, nodeId: name, electionPollMs: 500, windowHeartbeatMs: 1_000 },
      }),
    );
  }
}, 180_000);
afterAll(async () => {
  await Promise.all([...nodes.values()].map((n) => n.cleanup().catch(() => undefined)));
  await Promise.all([pg?.stop(), redis?.stop()]);
  await graph?.close();
  certificates?.remove();
}, 60_000);

const tokenRequests = () => graph.requests().filter((r) => r.path.endsWith("/oauth2/v2.0/token") && r.status === 200).length;
const presenceVia = async (node: ConnectorProcess) => (await worker(node, "kw1")).presence;

it("only the owner reads Teams presence, and the next owner takes over when it dies", async () => {
  const first = await waitFor(async () => (await readOwner(databaseUrl))?.node, (n) => n !== undefined, { what: "an owner" });
  await waitFor(() => presenceVia(nodes.get(first!)!), (p) => p === "busy", { what: "Teams presence applied" });
  expect(tokenRequests()).toBe(1);

  await nodes.get(first!)!.kill9();
  const [survivorName, survivor] = [...nodes.entries()].find(([name]) => name !== first)!;
  graph.setPreferred(userId, { availability: "Away", activity: "Away" });
  // NOTE: until it owns the work, the survivor forwards API calls to the dead owner.
  await waitFor(async () => (await readOwner(databaseUrl))?.node, (n) => n === survivorName, { what: "the survivor owning the work", timeoutMs: 30_000 });
  await waitFor(() => presenceVia(survivor), (p) => p === "away", { what: "Teams presence applied by the new owner", timeoutMs: 30_000 });
  expect(tokenRequests()).toBe(2);
}, 60_000);
