/**
 * Issue 17: Teams presence by change notification. A worker who signs in through Teams gets a
 * Graph subscription on their presence, made on behalf of their Teams token (the stand-in's
 * Entra checks the on-behalf-of grant), validated by Graph's handshake, renewed before it lapses,
 * made again when Graph lost it, and deleted at sign-out; a notification changes routing presence
 * at once (the poll is an hour away here), and one with a clientState not ours changes nothing.
 * The connector is reached at an https public URL through a TLS front, as behind a proxy.
 */
import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestCertificates, type TestCertificates } from "../support/certificates";
import { startConnectorProcess, type ConnectorProcess } from "../support/connector-process";
import { STAND_IN_CLIENT_ID, startGraphStandIn, type GraphStandIn } from "../support/graph-stand-in";
import { demoConfigRaw } from "../support/harness";
import { rawRequest } from "../support/http";
import { setPresence, worker } from "../support/interactions";
import { ALEX_OID, startTestKeySet, TENANT, type TestKeySet } from "../support/teams-tokens";
import { startTlsFront, type TlsFront } from "../support/tls-front";
import { waitFor } from "../support/wait";

const UPN = "alex.morgan@contoso.example";

let certificates: TestCertificates;
let graph: GraphStandIn;
let keys: TestKeySet;
let front: TlsFront;
let publicUrl: string;
let c: ConnectorProcess;
let token: string;
const extra: Array<{ cleanup(): Promise<unknown> }> = [];

beforeAll(async () => {
  certificates = makeTestCertificates();
  graph = await startGraphStandIn(certificates);
  graph.addUser(UPN, ALEX_OID);
  // NOTE: short-lived subscriptions, so renewal happens within the test.
  graph.subscriptions.lifetime(4);
  keys = await startTestKeySet("unused");
  const jwks = createRemoteJWKSet(new URL(keys.jwksUri));
  graph.subscriptions.acceptAssertions(async (assertion) => {
    try {
      // Entra takes a token whose audience is this app (its Application ID URI) as the assertion.
      const { payload } = await jwtVerify(assertion, jwks);
      return String(payload.aud).endsWith(`/${STAND_IN_CLIENT_ID}`) ? String(payload.oid) : undefined;
    } catch {
      return undefined;
    }
  });
  front = await startTlsFront(certificates);
  publicUrl = front.url;
  const raw = demoConfigRaw();
  raw["microsoft-ocs"]["presence-sync-mode"] = "two-way";
  raw.graph = graph.config({ "poll-seconds": 3600 });
  raw["teams-sso"] = { "client-id": STAND_IN_CLIENT_ID, tenants: [TENANT], "jwks-uri": keys.jwksUri };
  raw.workers[0].upn = UPN;
  c = await startConnectorProcess({ config: raw, env: { NODE_EXTRA_CA_CERTS: certificates.caPem, UCC_TEST_PUBLIC_URL: publicUrl } });
  front.target(c.url);
  token = await keys.mint({ aud: `api://${new URL(publicUrl).host}/${STAND_IN_CLIENT_ID}`, preferred_username: UPN });
});
afterAll(async () => {
  for (const x of extra) await x.cleanup();
  await c?.cleanup();
  await front?.close();
  await keys?.close();
  await graph?.close();
  certificates?.remove();
});

const requests = (method: string, prefix: string) => graph.requests().filter((r) => r.method === method && r.path.startsWith(prefix));
const presenceOf = async (id: string) => (await worker(c, id)).presence;
const live = () => waitFor(() => graph.subscriptions.live(), (l) => l.length === 1, { what: "one live subscription" }).then((l) => l[0]);

describe("change notifications", () => {
  it("Graph's validation handshake is answered with the decoded token, as text, without authentication", async () => {
    const res = await rawRequest(`${c.url}/api/graph/notifications?validationToken=${encodeURIComponent("Validation: a b+c")}`, { method: "POST", headers: { "content-type": "text/plain" }, body: "" });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/plain/);
    expect(res.text).toBe("Validation: a b+c");
  });

  it("a Teams sign-in subscribes to the worker's presence, on behalf of their Teams token, the validation token echoed", async () => {
    expect(graph.subscriptions.live()).toEqual([]);
    const signedIn = await rawRequest(`${c.url}/signin/teams`, { method: "POST", body: { token } });
    expect(signedIn.status, signedIn.text).toBe(200);
    const subscription = await live();
    expect(subscription).toMatchObject({ resource: `/communications/presences/${ALEX_OID}`, notificationUrl: `${publicUrl}/api/graph/notifications`, by: ALEX_OID });
    expect(subscription.clientState.length).toBeGreaterThanOrEqual(32);
    const [made] = requests("POST", "/v1.0/subscriptions");
    expect(made).toMatchObject({ status: 201, body: { changeType: "updated", validation: 200 } });
    const obo = graph.requests().find((r) => (r.body as { grant_type?: string })?.grant_type === "obo");
    expect(obo).toMatchObject({ status: 200, body: { requested_token_use: "on_behalf_of", oid: ALEX_OID } });
  });

  it("a notification changes routing presence without waiting for a poll", async () => {
    await setPresence(c, "kw1", "available");
    const reads = requests("POST", "/v1.0/communications/getPresencesByUserId").length;
    const delivered = graph.subscriptions.deliveries().length;
    graph.setPreferred(ALEX_OID, { availability: "Busy", activity: "InAMeeting" });
    await waitFor(() => presenceOf("kw1"), (p) => p === "busy", { what: "kw1 busy" });
    // NOTE: the 202 may reach the stand-in after the change is applied: wait for its record.
    const [answer] = await waitFor(() => graph.subscriptions.deliveries().slice(delivered), (l) => l.length > 0, { what: "the delivery's answer" });
    expect(answer.status).toBe(202);
    expect(requests("POST", "/v1.0/communications/getPresencesByUserId")).toHaveLength(reads);
  });

  it("a notification with a clientState not ours is refused and changes nothing", async () => {
    const subscription = await live();
    const forged = await graph.subscriptions.forge(subscription, "x".repeat(43), { availability: "Available", activity: "Available" });
    expect(forged.status).toBe(403);
    expect(await presenceOf("kw1")).toBe("busy");
  });

  it("renews the subscription before it lapses (Graph granted 4 s here)", async () => {
    const { id, expiresAt } = await live();
    const renewals = await waitFor(() => requests("PATCH", `/v1.0/subscriptions/${id}`), (l) => l.some((r) => r.status === 200), { what: "a renewal" });
    expect(renewals.find((r) => r.status === 200)!.at).toBeLessThan(expiresAt);
    expect(graph.subscriptions.live().map((s) => s.id)).toEqual([id]);
  });

  it("makes a new subscription when renewal says Graph lost it, and notifications go on", async () => {
    const { id } = await live();
    graph.subscriptions.drop();
    await waitFor(() => requests("PATCH", `/v1.0/subscriptions/${id}`), (l) => l.some((r) => r.status === 404), { what: "a renewal answered 404" });
    const again = await live();
    expect(again.id).not.toBe(id);
    graph.setPreferred(ALEX_OID, { availability: "Away", activity: "Away" });
    await waitFor(() => presenceOf("kw1"), (p) => p === "away", { what: "kw1 away" });
  });

  it("a notification without the presence in resourceData makes the connector read it", async () => {
    graph.subscriptions.resourceData(false);
    const reads = requests("POST", "/v1.0/communications/getPresencesByUserId").length;
    graph.setPreferred(ALEX_OID, { availability: "DoNotDisturb", activity: "DoNotDisturb" });
    await waitFor(() => presenceOf("kw1"), (p) => p === "dnd", { what: "kw1 dnd" });
    expect(requests("POST", "/v1.0/communications/getPresencesByUserId").length).toBeGreaterThan(reads);
    graph.subscriptions.resourceData(true);
  });

  it("sign-out deletes the subscription", async () => {
    const { id } = await live();
    const out = await rawRequest(`${c.url}/signout`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
    expect(out.status, out.text).toBe(200);
    await waitFor(() => requests("DELETE", `/v1.0/subscriptions/${id}`), (l) => l.some((r) => r.status === 204), { what: "the subscription deleted" });
    expect(graph.subscriptions.live()).toEqual([]);
  });
});

describe("polling beside notifications", () => {
  it("a worker whose presence comes by notification is read far less often than one polled", async () => {
    const other = await startTlsFront(certificates);
    extra.push({ cleanup: () => other.close() });
    const sam = graph.addUser("sam.lee@contoso.example");
    const raw = demoConfigRaw();
    raw["microsoft-ocs"]["presence-sync-mode"] = "two-way";
    raw.graph = graph.config({ "poll-seconds": 1 });
    raw["teams-sso"] = { "client-id": STAND_IN_CLIENT_ID, tenants: [TENANT], "jwks-uri": keys.jwksUri };
    raw.workers[0].upn = UPN;
    raw.workers[1].upn = "sam.lee@contoso.example";
    const d = await startConnectorProcess({ config: raw, env: { NODE_EXTRA_CA_CERTS: certificates.caPem, UCC_TEST_PUBLIC_URL: other.url } });
    extra.push(d);
    other.target(d.url);
    const teamsToken = await keys.mint({ aud: `api://${new URL(other.url).host}/${STAND_IN_CLIENT_ID}`, preferred_username: UPN });
    expect((await rawRequest(`${d.url}/signin/teams`, { method: "POST", body: { token: teamsToken } })).status).toBe(200);
    await waitFor(() => graph.subscriptions.live(), (l) => l.some((s) => s.notificationUrl.startsWith(other.url)), { what: "kw1 subscribed" });
    const readsOf = (id: string, after: number) => requests("POST", "/v1.0/communications/getPresencesByUserId").filter((r) => r.at > after && (r.body as { ids: string[] }).ids.includes(id));
    const from = Date.now();
    // Four polls of kw2 (not subscribed); kw1 is read at most once (a poll that raced the subscription).
    await waitFor(() => readsOf(sam, from), (l) => l.length >= 4, { what: "four polls" });
    expect(readsOf(ALEX_OID, from).length).toBeLessThanOrEqual(1);
  });
});
