/**
 * The organisation sign-in inside Teams (README "Inside Microsoft Teams"): Teams' authentication
 * window runs the OpenID Connect round trip (a real provider, npm oidc-provider, its own login
 * form) from GET /signin?teams=1&challenge=C and lands on the window's page with a handoff code in
 * the fragment; the tab redeems it with its verifier at POST /signin/teams/handoff, with no cookie,
 * for a session it sends as its bearer (API, Bayeux, a window's goodbye). A code is spent once,
 * dies after 60 s, cannot be changed, and redeems nothing without its own tab's verifier.
 */
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channels } from "../../lib/bayeux/channels";
import { resolveSecrets } from "../../lib/config/secrets";
import { TeamsHandoffs } from "../../lib/auth/teams-handoff";
import { HANDOFF_LIMIT } from "../../lib/http/routes/teams-handoff";
import { BayeuxClient, handshake } from "../support/bayeux";
import { CookieBrowser } from "../support/cookie-browser";
import { freePort } from "../support/free-port";
import { demoConfigRaw, startConnector, type Connector } from "../support/harness";
import { startOidcProvider, type TestProvider } from "../support/oidc-provider";

const SECRET = "teams-handoff-test-secret-0123456789abcdef";
const ALEX = { username: "alex.morgan@contoso.example", password: "alex-password", name: "Alex Morgan" };
const SAM = { username: "sam.lee@contoso.example", password: "sam-password", name: "Sam Lee" };
const EVE = { username: "eve@contoso.example", password: "eve-password", name: "Eve Outsider" };

let provider: TestProvider;
let c: Connector;

beforeAll(async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  provider = await startOidcProvider({ redirectUris: [`${url}/signin/callback`], accounts: [ALEX, SAM, EVE] });
  const raw = demoConfigRaw();
  raw["sign-in"] = "oidc";
  raw.oidc = { issuer: provider.issuer, "client-id": provider.clientId, "client-secret": provider.clientSecret };
  raw.workers[0].upn = ALEX.username;
  raw.workers[1].upn = SAM.username;
  c = await startConnector({ config: raw, port, publicUrl: url, secret: SECRET });
});
afterAll(async () => {
  await c?.cleanup();
  await provider?.close();
});

/** What the tab makes before it opens the window: a verifier it keeps, and its challenge for the URL. */
function tabSecret() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

/** Teams' authentication window: /signin?teams=1, the provider's form, the callback; resolves with where it lands. */
async function signInInWindow(account: { username: string; password: string }, challenge: string): Promise<URL> {
  const window = new CookieBrowser();
  const start = await window.request(`${c.url}/signin?teams=1&challenge=${challenge}`);
  expect(start.status).toBe(303);
  const { res, url } = await window.follow(start.headers.location!);
  const loginAction = new URL(/action="([^"]+\/login)"/.exec(res.text)![1], url).href;
  let callback: URL | undefined;
  await window.follow(loginAction, {
    form: account,
    stopAt: (location) => (location.pathname === "/signin/callback" ? ((callback = location), true) : false),
  });
  const landed = await window.request(callback!.href);
  expect(landed.status).toBe(303);
  // NOTE: no session cookie in the window: only the tab's redemption opens one.
  expect(String(landed.headers["set-cookie"] ?? "")).not.toMatch(/ucc_session=[^;]/);
  return new URL(landed.headers.location!, c.url);
}

async function codeFor(account: typeof ALEX, challenge: string): Promise<string> {
  const landed = await signInInWindow(account, challenge);
  expect(landed.pathname).toBe("/signin/teams/signed-in");
  expect(landed.search).toBe("");
  return new URLSearchParams(landed.hash.slice(1)).get("handoff")!;
}

const redeem = (code: string, verifier: string) => c.request("/signin/teams/handoff", { method: "POST", body: { code, verifier } });
const asBearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe("the organisation sign-in through Teams' authentication window", () => {
  let bearer: string;

  it("hands the tab a session it sends as a bearer, with no cookie: reads, Bayeux, and a window's goodbye", async () => {
    const tab = tabSecret();
    const code = await codeFor(ALEX, tab.challenge);
    const res = await redeem(code, tab.verifier);
    expect(res.status, res.text).toBe(200);
    expect(res.json.worker).toEqual({ id: "kw1", name: "Alex Morgan" });
    expect(String(res.headers["set-cookie"] ?? "")).toBe("");
    bearer = res.json.bearer;
    const me = await c.request("/api/kw/me", { headers: asBearer(bearer) });
    expect(me.status, me.text).toBe(200);
    expect(me.json.id).toBe("kw1");

    const cometd = c.cometd();
    cometd.registerExtension("bearer", { outgoing: (m) => ({ ...m, ext: { ...(m.ext ?? {}), ucc: { teamsToken: bearer } } }) });
    const client = new BayeuxClient(cometd);
    await handshake(cometd);
    expect((await client.subscribe(channels.workerOffers("kw1"))).successful).toBe(true);
    expect((await client.subscribe(channels.workerOffers("kw2"))).successful).toBe(false);
    await expect.poll(async () => (await c.worker("kw1")).windows).toBe(1);
    // The beacon carries no Authorization header: the bearer in its body says goodbye for the tab.
    const bye = await c.request("/api/kw/windows/closed", { method: "POST", body: { clientId: cometd.getClientId(), bearer }, headers: { "content-type": "text/plain" } });
    expect(bye.status, bye.text).toBe(200);
    expect((await c.worker("kw1")).windows).toBe(0);
    cometd.disconnect();
  });

  it("a goodbye for another worker's window, or with a bearer that signs no one in, is refused", async () => {
    const cometd = c.cometd();
    cometd.registerExtension("bearer", { outgoing: (m) => ({ ...m, ext: { ...(m.ext ?? {}), ucc: { teamsToken: bearer } } }) });
    await handshake(cometd);
    const refused = await c.request("/api/kw/windows/closed", { method: "POST", body: { clientId: cometd.getClientId(), bearer: "not-a-session" } });
    expect(refused.status).toBe(401);
    expect((await c.worker("kw1")).windows).toBe(1);
    cometd.disconnect();
  });

  it("a code is spent by its first redemption", async () => {
    const tab = tabSecret();
    const code = await codeFor(ALEX, tab.challenge);
    expect((await redeem(code, tab.verifier)).status).toBe(200);
    const again = await redeem(code, tab.verifier);
    expect(again.status).toBe(401);
    expect(again.json.bearer).toBeUndefined();
  });

  it("a code older than 60 s is refused", async () => {
    const tab = tabSecret();
    const key = resolveSecrets({ secret: SECRET, dataDir: "/nonexistent" }).key("teams-handoffs");
    const old = await new TeamsHandoffs(key, () => Date.now() - 61_000).issue({ workerId: "kw1", person: { kind: "oidc", subject: JSON.stringify([provider.issuer, ALEX.username]) }, challenge: tab.challenge });
    // The same code minted now would be taken: only its age is wrong.
    const fresh = await new TeamsHandoffs(key).issue({ workerId: "kw1", person: { kind: "oidc", subject: JSON.stringify([provider.issuer, ALEX.username]) }, challenge: tab.challenge });
    expect((await redeem(old, tab.verifier)).status).toBe(401);
    expect((await redeem(fresh, tab.verifier)).status).toBe(200);
  });

  it("a tampered code is refused: another worker written into it, or a signature that is not the connector's", async () => {
    const tab = tabSecret();
    const code = await codeFor(SAM, tab.challenge);
    const [header, payload, signature] = code.split(".");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    expect(claims.w).toBe("kw2");
    const forged = [header, Buffer.from(JSON.stringify({ ...claims, w: "kw1" })).toString("base64url"), signature].join(".");
    expect((await redeem(forged, tab.verifier)).status).toBe(401);
    const otherKey = await new TeamsHandoffs(randomBytes(32)).issue({ workerId: "kw1", person: { kind: "oidc", subject: "x" }, challenge: tab.challenge });
    expect((await redeem(otherKey, tab.verifier)).status).toBe(401);
    expect((await redeem(code, tab.verifier)).json.worker.id).toBe("kw2");
  });

  it("another worker's code is worthless to this tab: it redeems only with the verifier of the tab that opened the window", async () => {
    const alexTab = tabSecret();
    const samTab = tabSecret();
    // Sam's window ran with Sam's tab's challenge; Alex's tab (or anyone who got the code) cannot redeem it.
    const samsCode = await codeFor(SAM, samTab.challenge);
    const stolen = await redeem(samsCode, alexTab.verifier);
    expect(stolen.status).toBe(401);
    // And a stolen try burns it: the code is spent for everyone (the real tab simply signs in again).
    expect((await redeem(samsCode, samTab.verifier)).status).toBe(401);
  });

  it("someone who is not a worker gets no code: the window's page is told why", async () => {
    const landed = await signInInWindow(EVE, tabSecret().challenge);
    expect(landed.pathname).toBe("/signin/teams/signed-in");
    expect(landed.hash).toBe("#failure=unknown");
  });

  it("a Teams sign-in without the tab's challenge, or with a malformed body, is refused (400)", async () => {
    expect((await c.request("/signin?teams=1")).status).toBe(400);
    expect((await c.request("/signin?teams=1&challenge=short")).status).toBe(400);
    expect((await c.request("/signin/teams/handoff", { method: "POST", body: { code: "x", verifier: "short" } })).status).toBe(400);
    expect((await c.request("/signin/teams/handoff", { method: "POST", body: { code: "x", verifier: tabSecret().verifier, extra: 1 } })).status).toBe(400);
  });

  it("Sign out (by that bearer) revokes it, with the worker's other sessions", async () => {
    expect((await c.request("/api/kw/me", { headers: asBearer(bearer) })).status).toBe(200);
    expect((await c.request("/signout", { method: "POST", headers: asBearer(bearer) })).status).toBe(200);
    expect((await c.request("/api/kw/me", { headers: asBearer(bearer) })).status).toBe(401);
  });

  it("an API key is not a bearer of this kind, and this bearer is no API key", async () => {
    expect((await c.request("/api/kw/me", { headers: asBearer(c.apiKey) })).status).toBe(401);
    const tab = tabSecret();
    const fresh = (await redeem(await codeFor(ALEX, tab.challenge), tab.verifier)).json.bearer as string;
    expect((await c.request("/api/v1/workers/kw1", { headers: asBearer(fresh) })).status).toBe(401);
  });

  it("rate-limits redemptions per address, and says when to try again", async () => {
    let last;
    for (let i = 0; i <= HANDOFF_LIMIT.burst; i += 1) last = await redeem("x.y.z", tabSecret().verifier);
    expect(last!.status).toBe(429);
    expect(Number(last!.headers["retry-after"])).toBeGreaterThan(0);
  });
});
