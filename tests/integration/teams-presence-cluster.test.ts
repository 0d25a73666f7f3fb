/**
 * Issue 17 with several nodes (issue 16): Teams presence sync runs where the connector core runs,
 * on the owner only, and moves with the work when the owner dies. Each node has its own msal token
 * cache, so the stand-in's token requests count the nodes that ever synced. Change notifications
 * too: only the owner subscribes, and Graph's posts reaching another node are forwarded to it.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { readOwner } from "../../lib/store/pg/ownership";
import { makeTestCertificates, type TestCertificates } from "../support/certificates";
import { startConnectorProcess, type ConnectorProcess } from "../support/connector-process";
import { STAND_IN_CLIENT_ID, startGraphStandIn, type GraphStandIn } from "../support/graph-stand-in";
import { rawRequest } from "../support/http";
import { ALEX_OID, startTestKeySet, TENANT, type TestKeySet } from "../support/teams-tokens";
import { startTlsFront, type TlsFront } from "../support/tls-front";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { demoConfigRaw } from "../support/harness";
import { worker } from "../support/interactions";
import { startPostgres, type LocalPostgres } from "../support/postgres";
import { startRedis, type LocalRedis } from "../support/redis";
import { waitFor } from "../support/wait";

const SECRET = "teams-presence-cluster-secret-0123456789-abc";
const API_KEY = "teams-presence-cluster-key-0123456789";
const UPN = "alex.morgan@contoso.onmicrosoft.com";
let keys: TestKeySet;
let front: TlsFront;

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
  userId = graph.addUser(UPN, ALEX_OID);
  keys = await startTestKeySet("unused");
  const jwks = createRemoteJWKSet(new URL(keys.jwksUri));
  graph.subscriptions.acceptAssertions(async (assertion) => String((await jwtVerify(assertion, jwks).catch(() => undefined))?.payload.oid ?? "") || undefined);
  front = await startTlsFront(certificates);
  graph.setPreferred(userId, { availability: "Busy", activity: "InAMeeting" });
  const raw = demoConfigRaw();
  raw.graph = graph.config({ "poll-seconds": 1 });
  raw.workers[0].upn = UPN;
  raw["teams-sso"] = { "client-id": STAND_IN_CLIENT_ID, tenants: [TENANT], "jwks-uri": keys.jwksUri };
  // NOTE: one after another: two tsx compilations at once take long on two cores.
  for (const name of ["node-1", "node-2"]) {
    nodes.set(
      name,
      await startConnectorProcess({
        config: raw,
        apiKey: API_KEY,
        secret: SECRET,
        startTimeoutMs: 60_000,
        env: { NODE_EXTRA_CA_CERTS: certificates.caPem, UCC_TEST_PUBLIC_URL: front.url },
        cluster: { databaseUrl, redisUrl: redis.url, nodeId: name, electionPollMs: 500, windowHeartbeatMs: 1_000 },
      }),
    );
  }
}, 180_000);
afterAll(async () => {
  await Promise.all([...nodes.values()].map((n) => n.cleanup().catch(() => undefined)));
  await Promise.all([pg?.stop(), redis?.stop()]);
  await graph?.close();
  await front?.close();
  await keys?.close();
  certificates?.remove();
}, 60_000);

const tokenRequests = () => graph.requests().filter((r) => r.path.endsWith("/oauth2/v2.0/token") && r.status === 200 && (r.body as { grant_type?: string }).grant_type !== "obo").length;
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

it("change notifications: the owner alone subscribes, and Graph's posts to another node are forwarded to it", async () => {
  const owner = (await readOwner(databaseUrl))!.node;
  const deadName = [...nodes.keys()].find((name) => name !== owner)!;
  // The node killed above comes back, not owning the work; Graph reaches the cluster through it.
  const other = await nodes.get(deadName)!.restart();
  nodes.set(deadName, other);
  front.target(other.url);
  const token = await keys.mint({ aud: `api://${new URL(front.url).host}/${STAND_IN_CLIENT_ID}`, preferred_username: UPN });
  const signedIn = await rawRequest(`${other.url}/signin/teams`, { method: "POST", body: { token } });
  expect(signedIn.status, signedIn.text).toBe(200);
  // Graph's validation handshake went through the other node to the owner, which made the one subscription.
  const [subscription] = await waitFor(() => graph.subscriptions.live(), (l) => l.length === 1, { what: "a subscription" });
  expect(graph.requests().filter((r) => r.method === "POST" && r.path === "/v1.0/subscriptions")).toHaveLength(1);
  expect(subscription.notificationUrl).toBe(`${front.url}/api/graph/notifications`);
  graph.setPreferred(userId, { availability: "DoNotDisturb", activity: "DoNotDisturb" });
  await waitFor(() => graph.subscriptions.deliveries(), (l) => l.length > 0, { what: "a notification delivered" });
  expect(graph.subscriptions.deliveries()[0].status).toBe(202);
  await waitFor(() => presenceVia(other), (p) => p === "dnd", { what: "the notified presence applied" });
}, 90_000);
