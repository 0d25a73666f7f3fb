/**
 * OpenID Connect sign-in against a real provider (npm oidc-provider on loopback, its own login
 * form): PKCE, state and nonce, the person found by upn, an unknown person, and every refusal
 * (wrong state, a nonce that is not ours, a replayed callback, a cancelled sign-in, a provider
 * that is down) with no session opened.
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CookieBrowser } from "../support/cookie-browser";
import { freePort } from "../support/free-port";
import { demoConfigRaw, startConnector, type Connector } from "../support/harness";
import { startOidcProvider, type TestProvider } from "../support/oidc-provider";

let provider: TestProvider;
let c: Connector;
/** Where two nodes sharing one UCC_SECRET are reached (as behind a load balancer). */
let clusterUrl: string;

const ALEX = { username: "alex.morgan@contoso.example", password: "alex-password", name: "Alex Morgan" };
const EVE = { username: "eve@contoso.example", password: "eve-password", name: "Eve Outsider" };
/** Another person whose directory name is Alex's (a reused or renamed account): another sub. */
const ALEX_NAMESAKE = { username: "namesake", password: "namesake-password", name: "Not Alex", preferredUsername: "ALEX.MORGAN@contoso.example", sub: "namesake-sub" };
/** A person whose name is kw2's id; kw2 has no upn. */
const KW2_BY_ID = { username: "kw2", password: "kw2-password", name: "Sam by id" };
/** kw3 is configured with this person's iss+sub; their name matches no upn. */
const JORDAN = { username: "jordan", password: "jordan-password", name: "Jordan Lee", preferredUsername: "jordan.lee@elsewhere.example", sub: "jordan-sub" };
/** Entra ID people (tid+oid in the ID token); kw4's upn is Dana's. */
const TID = "11111111-2222-3333-4444-555555555555";
const DANA_OID = "da4a0000-0000-4000-8000-00000000da4a";
const DANA = { username: "dana", password: "dana-password", name: "Dana", preferredUsername: "dana@contoso.example", sub: "dana-sub-app-1", tid: TID, oid: DANA_OID };
/** Dana again as another app registration of the tenant sees her: another sub, the same tid+oid. */
const DANA_OTHER_APP = { ...DANA, username: "dana-other-app", sub: "dana-sub-app-2" };
/** Someone else in the tenant who carries Dana's name. */
const DANA_NAMESAKE = { ...DANA, username: "dana-namesake", sub: "namesake-2", oid: "de000000-0000-4000-8000-0000000000de" };

beforeAll(async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  clusterUrl = `http://127.0.0.1:${await freePort()}`;
  provider = await startOidcProvider({ redirectUris: [`${url}/signin/callback`, `${clusterUrl}/signin/callback`], accounts: [ALEX, EVE, ALEX_NAMESAKE, KW2_BY_ID, JORDAN, DANA, DANA_OTHER_APP, DANA_NAMESAKE] });
  const raw = demoConfigRaw();
  raw["sign-in"] = "oidc";
  raw.oidc = { issuer: provider.issuer, "client-id": provider.clientId, "client-secret": provider.clientSecret };
  raw.workers[0].upn = "Alex.Morgan@contoso.example";
  raw.workers[2]["oidc-subject"] = { iss: provider.issuer, sub: JORDAN.sub };
  raw.workers.push({ id: "kw4", name: "Dana", upn: "dana@contoso.example" });
  c = await startConnector({ config: raw, port, publicUrl: url });
});
afterAll(async () => {
  await c?.cleanup();
  await provider?.close();
});

/** Starts a sign-in at the connector; resolves at the provider's login form. */
async function toLoginForm(browser: CookieBrowser, next?: string) {
  const start = await browser.request(`${c.url}/signin${next ? `?next=${encodeURIComponent(next)}` : ""}`);
  expect(start.status).toBe(303);
  const authorize = new URL(start.headers.location!);
  const { res, url } = await browser.follow(authorize.href);
  expect(res.status).toBe(200);
  expect(res.text).toContain("Test identity provider");
  return { authorize, loginAction: new URL(/action="([^"]+\/login)"/.exec(res.text)![1], url).href, abortAction: new URL(/action="([^"]+\/abort)"/.exec(res.text)![1], url).href };
}

/** Fills the provider's form; resolves with the callback URL the provider sends the browser to (not followed). */
async function logIn(browser: CookieBrowser, loginAction: string, account: { username: string; password: string }): Promise<URL> {
  let callback: URL | undefined;
  await browser.follow(loginAction, {
    form: { username: account.username, password: account.password },
    stopAt: (location) => (location.pathname === "/signin/callback" ? ((callback = location), true) : false),
  });
  if (!callback) throw new Error("the provider did not send the browser back to the connector");
  return callback;
}

const sessionSet = (res: { headers: Record<string, unknown> }) =>
  ([] as string[]).concat((res.headers["set-cookie"] as string[] | undefined) ?? []).some((c) => /^ucc_session=[^;]+/.test(c));

async function me(browser: CookieBrowser) {
  return browser.request(`${c.url}/api/kw/me`);
}

describe("OpenID Connect sign-in", () => {
  it("goes to the provider with PKCE (S256), state and nonce, and comes back to / as the worker whose upn matches", async () => {
    const browser = new CookieBrowser();
    const { authorize, loginAction } = await toLoginForm(browser);
    expect(authorize.origin).toBe(provider.issuer);
    const q = authorize.searchParams;
    expect(q.get("client_id")).toBe(provider.clientId);
    expect(q.get("redirect_uri")).toBe(`${c.url}/signin/callback`);
    expect(q.get("code_challenge_method")).toBe("S256");
    expect(q.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get("state")).toBeTruthy();
    expect(q.get("nonce")).toBeTruthy();
    expect(q.get("scope")?.split(" ")).toContain("openid");
    // The sign-in under way travels sealed in the browser's cookie: nothing of it reads in clear.
    const sealed = browser.jar.get("ucc_oidc")!;
    expect(sealed.split(".")).toHaveLength(5);
    for (const value of [q.get("state")!, q.get("nonce")!]) expect(sealed).not.toContain(value);

    const callback = await logIn(browser, loginAction, ALEX);
    const back = await browser.request(callback.href);
    expect(back.status).toBe(303);
    expect(back.headers.location).toBe("/");
    expect(browser.jar.has("ucc_oidc")).toBe(false);
    expect((await me(browser)).json).toMatchObject({ id: "kw1", name: "Alex Morgan" });
  });

  it("lands on the same-origin page it was asked for", async () => {
    const browser = new CookieBrowser();
    const { loginAction } = await toLoginForm(browser, "/extension");
    const back = await browser.request((await logIn(browser, loginAction, ALEX)).href);
    expect(back.headers.location).toBe("/extension");
  });

  it("a person who is not a worker here lands on the page that says so, with no session", async () => {
    const browser = new CookieBrowser();
    const { loginAction } = await toLoginForm(browser);
    const back = await browser.request((await logIn(browser, loginAction, EVE)).href);
    expect(back.status).toBe(303);
    expect(back.headers.location).toBe("/signin/unknown");
    expect(sessionSet(back)).toBe(false);
    expect((await me(browser)).status).toBe(401);
  });

  it("rotates the session: the cookie held before the sign-in stops working", async () => {
    const browser = new CookieBrowser();
    const first = await toLoginForm(browser);
    await browser.request((await logIn(browser, first.loginAction, ALEX)).href);
    const before = browser.jar.get("ucc_session")!;
    // The provider remembers the person (single sign-on): straight back, no form this time.
    let callback: URL | undefined;
    await browser.follow(`${c.url}/signin`, { stopAt: (l) => (l.pathname === "/signin/callback" ? ((callback = l), true) : false) });
    expect((await browser.request(callback!.href)).headers.location).toBe("/");
    expect(browser.jar.get("ucc_session")).not.toBe(before);
    expect((await c.request("/api/kw/me", { headers: { cookie: `ucc_session=${before}` } })).status).toBe(401);
    expect((await me(browser)).status).toBe(200);
  });

  it("sign-out ends it; the cookie from before the sign-out is refused", async () => {
    const browser = new CookieBrowser();
    const { loginAction } = await toLoginForm(browser);
    await browser.request((await logIn(browser, loginAction, ALEX)).href);
    const cookie = `ucc_session=${browser.jar.get("ucc_session")}`;
    expect((await browser.request(`${c.url}/signout`, { method: "POST" })).status).toBe(200);
    expect((await c.request("/api/kw/me", { headers: { cookie } })).status).toBe(401);
  });
});

describe("refused callbacks open no session", () => {
  it.each([
    ["a wrong state", (u: URL) => u.searchParams.set("state", "not-the-state"), "invalid"],
    ["no state", (u: URL) => u.searchParams.delete("state"), "invalid"],
    ["a forged code", (u: URL) => u.searchParams.set("code", "forged-code"), "invalid"],
  ])("%s", async (_name, tamper, reason) => {
    const browser = new CookieBrowser();
    const { loginAction } = await toLoginForm(browser);
    const callback = await logIn(browser, loginAction, ALEX);
    tamper(callback);
    const back = await browser.request(callback.href);
    expect(back.status).toBe(303);
    expect(back.headers.location).toBe(`/signin/failed?reason=${reason}`);
    expect(sessionSet(back)).toBe(false);
    expect((await me(browser)).status).toBe(401);
  });

  it("a replayed callback is refused: the cookie is gone from the browser, and a copy of it brings a spent code", async () => {
    const browser = new CookieBrowser();
    const { loginAction } = await toLoginForm(browser);
    const callback = await logIn(browser, loginAction, ALEX);
    const transaction = browser.jar.get("ucc_oidc")!;
    expect((await browser.request(callback.href)).headers.location).toBe("/");
    expect(browser.jar.has("ucc_oidc")).toBe(false);
    // The same browser again: no sign-in under way.
    const again = await browser.request(callback.href);
    expect(again.headers.location).toBe("/signin/failed?reason=expired");
    expect(sessionSet(again)).toBe(false);
    // Replayed with the transaction cookie it came with, by another browser: the provider refuses the spent code.
    const attacker = new CookieBrowser();
    attacker.jar.set("ucc_oidc", transaction);
    const replay = await attacker.request(callback.href);
    expect(replay.headers.location).toBe("/signin/failed?reason=invalid");
    expect(sessionSet(replay)).toBe(false);
    expect((await me(attacker)).status).toBe(401);
  });

  it("a code from a sign-in this browser did not start (another state) is refused", async () => {
    const victim = new CookieBrowser();
    await toLoginForm(victim); // the victim's own sign-in is under way
    const attacker = new CookieBrowser();
    const { loginAction } = await toLoginForm(attacker);
    const attackersCallback = await logIn(attacker, loginAction, EVE);
    const back = await victim.request(attackersCallback.href);
    expect(back.headers.location).toBe("/signin/failed?reason=invalid");
    expect(sessionSet(back)).toBe(false);
  });

  it("an ID token whose nonce is not this sign-in's is refused", async () => {
    const browser = new CookieBrowser();
    const { authorize } = await toLoginForm(browser);
    // The same request (state, PKCE challenge) with another nonce, as an attacker could make it.
    const forged = new URL(authorize.href);
    forged.searchParams.set("nonce", "an-attackers-nonce");
    const other = new CookieBrowser();
    const { res, url } = await other.follow(forged.href);
    const loginAction = new URL(/action="([^"]+\/login)"/.exec(res.text)![1], url).href;
    const callback = await logIn(other, loginAction, ALEX);
    const back = await browser.request(callback.href);
    expect(back.headers.location).toBe("/signin/failed?reason=invalid");
    expect(sessionSet(back)).toBe(false);
  });

  it("a sign-in cancelled at the provider says it was refused", async () => {
    const browser = new CookieBrowser();
    const { abortAction } = await toLoginForm(browser);
    let callback: URL | undefined;
    await browser.follow(abortAction, { method: "POST", stopAt: (l) => (l.pathname === "/signin/callback" ? ((callback = l), true) : false) });
    expect(callback?.searchParams.get("error")).toBe("access_denied");
    const back = await browser.request(callback!.href);
    expect(back.headers.location).toBe("/signin/failed?reason=refused");
    expect(sessionSet(back)).toBe(false);
  });
});

describe("sign-ins under way are kept by the browser, not by the connector", () => {
  it("a restart between /signin and the callback still signs in", async () => {
    const browser = new CookieBrowser();
    const { loginAction } = await toLoginForm(browser, "/extension");
    c = await c.restart();
    const back = await browser.request((await logIn(browser, loginAction, ALEX)).href);
    expect(back.headers.location).toBe("/extension");
    expect((await me(browser)).json).toMatchObject({ id: "kw1" });
  });

  it("a callback that lands on another node with the same UCC_SECRET signs in there", async () => {
    const raw = demoConfigRaw();
    raw["sign-in"] = "oidc";
    raw.oidc = { issuer: provider.issuer, "client-id": provider.clientId, "client-secret": provider.clientSecret };
    raw.workers[0].upn = ALEX.username;
    const secret = "a-shared-secret-of-the-cluster-0123456789";
    const nodeA = await startConnector({ config: raw, port: Number(new URL(clusterUrl).port), publicUrl: clusterUrl, secret });
    const nodeB = await startConnector({ config: raw, publicUrl: clusterUrl, secret });
    try {
      const browser = new CookieBrowser();
      const start = await browser.request(`${nodeA.url}/signin`);
      const { res, url } = await browser.follow(start.headers.location!);
      const loginAction = new URL(/action="([^"]+\/login)"/.exec(res.text)![1], url).href;
      const callback = await logIn(browser, loginAction, ALEX);
      const back = await browser.request(`${nodeB.url}${callback.pathname}${callback.search}`);
      expect(back.headers.location).toBe("/");
      expect((await browser.request(`${nodeB.url}/api/kw/me`)).json).toMatchObject({ id: "kw1" });
    } finally {
      await nodeA.cleanup();
      await nodeB.cleanup();
    }
  });

  it("a changed cookie, or one sealed by another connector's secret, is refused with no session", async () => {
    const browser = new CookieBrowser();
    const { loginAction } = await toLoginForm(browser);
    const sealed = browser.jar.get("ucc_oidc")!;
    const callback = await logIn(browser, loginAction, ALEX);
    const parts = sealed.split(".");
    const flip = (text: string) => (text[10] === "A" ? "B" : "A");
    parts[3] = parts[3].slice(0, 10) + flip(parts[3]) + parts[3].slice(11);
    browser.jar.set("ucc_oidc", parts.join("."));
    const back = await browser.request(callback.href);
    expect(back.headers.location).toBe("/signin/failed?reason=expired");
    expect(sessionSet(back)).toBe(false);
    expect((await me(browser)).status).toBe(401);

    // A well-formed sign-in of another connector (its own data dir, so its own secret) is not this one's.
    const raw = demoConfigRaw();
    raw["sign-in"] = "oidc";
    raw.oidc = { issuer: provider.issuer, "client-id": provider.clientId, "client-secret": provider.clientSecret };
    const other = await startConnector({ config: raw, publicUrl: c.url });
    try {
      const elsewhere = new CookieBrowser();
      const start = await elsewhere.request(`${other.url}/signin`);
      expect(start.status).toBe(303);
      const foreign = elsewhere.jar.get("ucc_oidc")!;
      const mine = new CookieBrowser();
      const { loginAction: action } = await toLoginForm(mine);
      const cb = await logIn(mine, action, ALEX);
      mine.jar.set("ucc_oidc", foreign);
      expect((await mine.request(cb.href)).headers.location).toBe("/signin/failed?reason=expired");
    } finally {
      await other.cleanup();
    }
  });

  it("10,000 sign-ins started meanwhile push no one's out", async () => {
    const browser = new CookieBrowser();
    const { loginAction } = await toLoginForm(browser);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    try {
      let started = 0;
      const worker = async () => {
        while (started < 10_000) {
          started++;
          const status = await new Promise<number>((resolve, reject) => {
            http.get(`${c.url}/signin`, { agent }, (res) => (res.resume(), resolve(res.statusCode!))).on("error", reject);
          });
          expect(status).toBe(303);
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
    } finally {
      agent.destroy();
    }
    const back = await browser.request((await logIn(browser, loginAction, ALEX)).href);
    expect(back.headers.location).toBe("/");
  }, 120_000);
});

describe("a person is matched by what they cannot choose (iss+sub, or Entra's tid+oid)", () => {
  /** A whole sign-in in a fresh browser; resolves with where the callback sends it and who /api/kw/me says. */
  async function signInAs(account: { username: string; password: string }) {
    const browser = new CookieBrowser();
    const { loginAction } = await toLoginForm(browser);
    const back = await browser.request((await logIn(browser, loginAction, account)).href);
    const who = await me(browser);
    return { location: back.headers.location, worker: who.status === 200 ? who.json.id : undefined, session: sessionSet(back) };
  }

  it("once Alex signed in, someone else whose name is Alex's is refused: bound, also across the restart above", async () => {
    expect((await signInAs(ALEX)).worker).toBe("kw1");
    expect(await signInAs(ALEX_NAMESAKE)).toEqual({ location: "/signin/unknown", worker: undefined, session: false });
    expect((await signInAs(ALEX)).worker).toBe("kw1");
  });

  it("never by a worker's id: kw2 has no upn and no configured subject, so no one signs in as kw2", async () => {
    expect(await signInAs(KW2_BY_ID)).toEqual({ location: "/signin/unknown", worker: undefined, session: false });
  });

  it("a worker configured with iss+sub is that person, whatever their name", async () => {
    expect(await signInAs(JORDAN)).toEqual({ location: "/", worker: "kw3", session: true });
  });

  it("Entra ID: tid+oid is bound, not sub: the same person through another app registration signs in, a namesake does not", async () => {
    expect((await signInAs(DANA)).worker).toBe("kw4");
    expect((await signInAs(DANA_OTHER_APP)).worker).toBe("kw4");
    expect(await signInAs(DANA_NAMESAKE)).toEqual({ location: "/signin/unknown", worker: undefined, session: false });
  });
});

describe("with the provider down", () => {
  it("GET /signin lands on the page that says the sign-in could not be reached", async () => {
    const raw = demoConfigRaw();
    raw["sign-in"] = "oidc";
    raw.oidc = { issuer: `http://127.0.0.1:${await freePort()}`, "client-id": "x", "client-secret": "y" };
    const down = await startConnector({ config: raw });
    try {
      const res = await down.request("/signin");
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe("/signin/failed?reason=unavailable");
      expect((await down.request("/api/kw/sign-in-options")).json).toEqual({ dev: false, oidc: true, teamsSso: false, workers: [] });
    } finally {
      await down.cleanup();
    }
  });
});
