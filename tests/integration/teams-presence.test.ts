/**
 * Issue 17: Teams presence is the UC side of B2/B3. A real connector process reads and writes
 * Teams presence through a Microsoft Graph stand-in (HTTPS, test CA), which checks every request
 * against Graph's documented shapes: Teams presence drives routing, the connector's own changes
 * are written as its session presence, and a Graph that is down or throttled leaves routing on the
 * web client's presence, says so in /metrics, and is caught up with when it returns.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BayeuxClient, handshake, newCometD } from "../support/bayeux";
import { makeTestCertificates, type TestCertificates } from "../support/certificates";
import { startConnectorProcess, type ConnectorProcess } from "../support/connector-process";
import { appCertificate, startGraphStandIn, type GraphPair, type GraphStandIn, type RecordedRequest } from "../support/graph-stand-in";
import { demoConfigRaw } from "../support/harness";
import { chat, createOk, setPresenceAsWorker, signIn, stateOf, worker } from "../support/interactions";
import { rawRequest } from "../support/http";
import { waitFor } from "../support/wait";

const KW1_UPN = "alex.morgan@contoso.onmicrosoft.com";
const KW2_UPN = "sam.lee@contoso.onmicrosoft.com";

let certificates: TestCertificates;
let graph: GraphStandIn;
const started: ConnectorProcess[] = [];

beforeAll(async () => {
  certificates = makeTestCertificates();
  graph = await startGraphStandIn(certificates);
});
afterAll(async () => {
  for (const c of started) await c.cleanup();
  await graph?.close();
  certificates?.remove();
});

/** A connector whose kw1 and kw2 are Teams users of the stand-in; kw3 has no upn (not synced). */
async function connectorWith(mode: string, extra: { routing?: Record<string, unknown> } = {}) {
  const kw1 = graph.addUser(KW1_UPN);
  const kw2 = graph.addUser(KW2_UPN);
  const raw = demoConfigRaw();
  raw["microsoft-ocs"]["presence-sync-mode"] = mode;
  raw.graph = graph.config({ "poll-seconds": 1 });
  raw.workers[0].upn = KW1_UPN;
  raw.workers[1].upn = KW2_UPN;
  if (extra.routing) raw.routing = { ...(raw.routing ?? {}), ...extra.routing };
  const c = await startConnectorProcess({ config: raw, env: { NODE_EXTRA_CA_CERTS: certificates.caPem } });
  started.push(c);
  return { c, kw1, kw2 };
}

const presenceOf = async (c: ConnectorProcess, id: string) => (await worker(c, id)).presence;
const waitPresence = (c: ConnectorProcess, id: string, presence: string) =>
  waitFor(() => presenceOf(c, id), (p) => p === presence, { what: `${id} ${presence}` });
const writesFor = (userId: string, after = 0): RecordedRequest[] =>
  graph.requests().filter((r) => r.at >= after && r.status === 200 && r.path.startsWith(`/v1.0/users/${userId}/presence/`));
const waitWrite = (userId: string, after: number, body: Partial<GraphPair> & Record<string, unknown>) =>
  waitFor(() => writesFor(userId, after), (list) => list.some((r) => Object.entries(body).every(([k, v]) => (r.body as Record<string, unknown>)[k] === v)), { what: `a write ${JSON.stringify(body)}` });

const me = async (c: ConnectorProcess, cookie: string) => (await rawRequest(`${c.url}/api/kw/me`, { headers: { cookie } })).json;

async function metric(c: ConnectorProcess, name: string): Promise<number | undefined> {
  const text = (await rawRequest(`${c.url}/metrics`)).text;
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(" ")[1]) : undefined;
}

describe("two-way", () => {
  let c: ConnectorProcess;
  let kw1: string;
  let kw2: string;
  let cookie: string;

  beforeAll(async () => {
    ({ c, kw1, kw2 } = await connectorWith("two-way"));
    cookie = await signIn(c, "kw1");
  });

  it("catches up with Teams at start, a token from the tenant's endpoint and each user's id looked up once", async () => {
    graph.setPreferred(kw2, { availability: "Available", activity: "Available" });
    await waitPresence(c, "kw2", "available");
    const tokenCalls = graph.requests().filter((r) => r.path.endsWith("/oauth2/v2.0/token"));
    expect(tokenCalls[0].body).toMatchObject({ grant_type: "client_credentials", scope: expect.stringMatching(/\/\.default$/) });
    const lookups = graph.requests().filter((r) => r.path === `/v1.0/users/${encodeURIComponent(KW1_UPN)}` || r.path === `/v1.0/users/${KW1_UPN}`);
    expect(lookups).toHaveLength(1);
    expect(graph.requests().every((r) => r.status === 200)).toBe(true);
  });

  it("a presence chosen in the web client is written as the connector's session presence", async () => {
    const before = Date.now();
    await setPresenceAsWorker(c, cookie, "available");
    const [write] = await waitWrite(kw1, before, { availability: "Available" });
    expect(write.body).toEqual({ sessionId: graph.config()["client-id"], availability: "Available", activity: "Available", expirationDuration: "PT15M" });
    await setPresenceAsWorker(c, cookie, "dnd");
    await waitWrite(kw1, before, { availability: "DoNotDisturb", activity: "Presenting" });
    await setPresenceAsWorker(c, cookie, "offline");
    const cleared = await waitFor(() => writesFor(kw1, before), (l) => l.some((r) => r.path.endsWith("/clearPresence")));
    expect(cleared.find((r) => r.path.endsWith("/clearPresence"))!.body).toEqual({ sessionId: graph.config()["client-id"] });
    await setPresenceAsWorker(c, cookie, "available");
    await waitFor(() => graph.presenceOf(kw1).availability, (a) => a === "Available");
    // Read back, the connector's own session presence changes nothing.
    expect(await presenceOf(c, "kw1")).toBe("available");
  });

  it("Teams Busy / InACall makes the worker busy and not offered, and is not echoed back to Graph", async () => {
    const before = Date.now();
    graph.setPreferred(kw1, { availability: "Busy", activity: "InACall" });
    graph.setPreferred(kw2, { availability: "Offline", activity: "Offline" });
    await waitPresence(c, "kw1", "busy");
    await waitPresence(c, "kw2", "offline");
    const created = await createOk(c, chat("Pat"));
    expect(created.state).toBe("queued");
    // Teams back to Available: the queued chat is offered.
    graph.setPreferred(kw1, { availability: "Available", activity: "Available" });
    await waitFor(() => stateOf(c, created.id), (s) => s === "offered", { what: "the chat offered" });
    expect(writesFor(kw1, before)).toEqual([]);
    await rawRequest(`${c.url}/api/v1/interactions/${created.id}/end`, { method: "POST", headers: { authorization: `Bearer ${c.apiKey}` } });
  });

  it("throttled (429 + Retry-After): routing keeps the web client's presence, /metrics says out of sync, Retry-After is honoured, then it catches up", async () => {
    graph.setPreferred(kw1, undefined);
    graph.throttle(2);
    await waitFor(() => metric(c, "ucc_graph_presence_in_sync"), (v) => v === 0, { what: "out of sync" });
    const since = await metric(c, "ucc_graph_presence_out_of_sync_since_seconds");
    expect(since).toBeGreaterThan(Date.now() / 1000 - 60);
    await setPresenceAsWorker(c, cookie, "busy");
    expect(await presenceOf(c, "kw1")).toBe("busy");
    // The web client learns it from GET /api/kw/me (and a push on the presence stream).
    expect(Math.floor(Date.parse((await me(c, cookie)).teamsPresenceOutOfSyncSince) / 1000)).toBe(since);
    // The request after each 429 came no sooner than Retry-After asked.
    const throttled = await waitFor(() => graph.requests().filter((r) => r.status === 429), (l) => l.length >= 2, { what: "two throttled requests" });
    expect(throttled[1].at - throttled[0].at).toBeGreaterThanOrEqual(2000);
    const recovered = Date.now();
    graph.throttle(undefined);
    await waitWrite(kw1, recovered, { availability: "Busy", activity: "InACall" });
    await waitFor(() => metric(c, "ucc_graph_presence_in_sync"), (v) => v === 1, { what: "in sync again" });
    expect(await metric(c, "ucc_graph_presence_out_of_sync_since_seconds")).toBe(0);
    expect((await me(c, cookie)).teamsPresenceOutOfSyncSince).toBeNull();
    expect((await rawRequest(`${c.url}/metrics`)).text).toMatch(/ucc_graph_requests_total\{operation="set-presence",outcome="throttled"\} [1-9]/);
  });

  it("unreachable: routing goes on with the web client's presence; a Teams change made meanwhile is caught up with", async () => {
    await setPresenceAsWorker(c, cookie, "available");
    await waitFor(() => graph.presenceOf(kw1).availability, (a) => a === "Available");
    await graph.down();
    await waitFor(() => metric(c, "ucc_graph_presence_in_sync"), (v) => v === 0, { what: "out of sync" });
    const created = await createOk(c, chat("Robin"));
    expect(created.state).toBe("offered");
    await rawRequest(`${c.url}/api/v1/interactions/${created.id}/end`, { method: "POST", headers: { authorization: `Bearer ${c.apiKey}` } });
    graph.setPreferred(kw1, { availability: "Away", activity: "Away" });
    await graph.up();
    await waitPresence(c, "kw1", "away");
    await waitFor(() => metric(c, "ucc_graph_presence_in_sync"), (v) => v === 1, { what: "in sync again" });
    expect((await rawRequest(`${c.url}/metrics`)).text).toMatch(/ucc_graph_requests_total\{operation="get-presences",outcome="(unreachable|token-failed)"\}|ucc_graph_requests_total\{operation="[a-z-]+",outcome="unreachable"\}/);
  });
});

describe("a missed Preview", () => {
  it("sets the worker Away, and Away is written to Teams", async () => {
    const { c, kw1 } = await connectorWith("two-way", { routing: { "preview-timeout": 5 } });
    const cookie = await signIn(c, "kw1");
    // A web client window is open: the Preview is shown there and missed.
    const window = new BayeuxClient(newCometD(c.url, { cookie }));
    await handshake(window.cometd);
    expect((await window.subscribe("/kw/kw1/offers")).successful).toBe(true);
    await setPresenceAsWorker(c, cookie, "available");
    const before = Date.now();
    const created = await createOk(c, chat("Kim", { worker: "kw1" }));
    await waitFor(() => stateOf(c, created.id), (s) => s !== "offered", { timeoutMs: 20_000, what: "the Preview to run out" });
    await waitPresence(c, "kw1", "away");
    await waitWrite(kw1, before, { availability: "Away", activity: "Away" });
    await window.disconnect();
  }, 60_000);
});

describe("a restart", () => {
  it("writes the connector's session presence again at start, with no change to prompt it", async () => {
    const { c, kw1 } = await connectorWith("two-way");
    await setPresenceAsWorker(c, await signIn(c, "kw1"), "busy");
    await waitWrite(kw1, 0, { availability: "Busy", activity: "InACall" });
    await c.kill9();
    const restarted = Date.now();
    const again = await c.restart();
    started.push(again);
    // NOTE: without it, the session presence written before the crash lapses (PT15M) and Teams forgets it.
    const [write] = await waitWrite(kw1, restarted, { availability: "Busy", activity: "InACall" });
    expect(write.body).toMatchObject({ sessionId: graph.config()["client-id"], expirationDuration: "PT15M" });
    expect(await presenceOf(again, "kw1")).toBe("busy");
  });
});

describe("presence-sync-mode", () => {
  it("from-uc: Teams drives the connector, nothing is written to Teams", async () => {
    const { c, kw1 } = await connectorWith("from-uc");
    graph.setPreferred(kw1, { availability: "DoNotDisturb", activity: "DoNotDisturb" });
    await waitPresence(c, "kw1", "dnd");
    await setPresenceAsWorker(c, await signIn(c, "kw1"), "available");
    graph.setPreferred(kw1, { availability: "Busy", activity: "InAMeeting" });
    await waitPresence(c, "kw1", "busy");
    expect(writesFor(kw1)).toEqual([]);
  });

  it("to-uc: the connector's presence is written, Teams changes are not taken", async () => {
    const { c, kw1 } = await connectorWith("to-uc");
    graph.setPreferred(kw1, { availability: "Available", activity: "Available" });
    const before = Date.now();
    await setPresenceAsWorker(c, await signIn(c, "kw1"), "be-right-back");
    await waitWrite(kw1, before, { availability: "Away", activity: "Away" });
    const reads = graph.requests().filter((r) => r.path.endsWith("/getPresencesByUserId") && r.status === 200);
    expect(reads.some((r) => (r.body as { ids: string[] }).ids.includes(kw1))).toBe(false);
    expect(await presenceOf(c, "kw1")).toBe("be-right-back");
  });
});

describe("a certificate credential", () => {
  it("gets its token with a client assertion signed by the certificate, and reads Teams presence", async () => {
    const cert = appCertificate(certificates);
    const kw1 = graph.addUser(KW1_UPN);
    graph.setPreferred(kw1, { availability: "Busy", activity: "InAMeeting" });
    const raw = demoConfigRaw();
    const { "client-secret": _secret, ...withoutSecret } = graph.config({ "poll-seconds": 1 });
    raw.graph = { ...withoutSecret, certificate: { thumbprint: cert.thumbprintSha256, "private-key-file": cert.keyFile } };
    raw.workers[0].upn = KW1_UPN;
    const before = Date.now();
    const c = await startConnectorProcess({ config: raw, env: { NODE_EXTRA_CA_CERTS: certificates.caPem } });
    started.push(c);
    await waitPresence(c, "kw1", "busy");
    const token = graph.requests().filter((r) => r.at >= before && r.path.endsWith("/oauth2/v2.0/token"));
    expect(token[0]).toMatchObject({ status: 200, body: { client_assertion: "<assertion>", client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" } });
    expect(token[0].body).not.toHaveProperty("client_secret");
  });
});

describe("a worker whose Entra identity (tid+oid) is known", () => {
  it("is read by that object id, with no user lookup", async () => {
    const upn = "casey.kim@contoso.onmicrosoft.com";
    const oid = graph.addUser(upn);
    graph.setPreferred(oid, { availability: "DoNotDisturb", activity: "Presenting" });
    const raw = demoConfigRaw();
    raw.graph = graph.config({ "poll-seconds": 1 });
    raw.workers[2] = { ...raw.workers[2], upn, "oidc-subject": { tid: "11111111-2222-3333-4444-555555555555", oid } };
    const c = await startConnectorProcess({ config: raw, env: { NODE_EXTRA_CA_CERTS: certificates.caPem } });
    started.push(c);
    await waitPresence(c, "kw3", "busy");
    expect(graph.requests().some((r) => r.path === `/v1.0/users/${encodeURIComponent(upn)}`)).toBe(false);
  });
});
