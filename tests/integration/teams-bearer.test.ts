/**
 * Inside Teams' iframe a browser that blocks third-party cookies keeps no session: the tab sends
 * its Teams token as a bearer on /api/kw/* and in every Bayeux message (ext.ucc.teamsToken). The
 * connector takes it where it takes the session cookie, once the person signed in through Teams
 * (POST /signin/teams), and refuses it (401) once they signed out; API keys and Teams tokens never
 * stand for each other.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channels } from "../../lib/bayeux/channels";
import { BayeuxClient, handshake, HandshakeRefused } from "../support/bayeux";
import { demoConfigRaw, startConnector, type Connector } from "../support/harness";
import { CLIENT_ID, startTestKeySet, TENANT, type TestKeySet } from "../support/teams-tokens";

const PUBLIC_URL = "https://ucc.contoso.example";
const APP_ID_URI = `api://ucc.contoso.example/${CLIENT_ID}`;

let keys: TestKeySet;
let c: Connector;

beforeAll(async () => {
  keys = await startTestKeySet(APP_ID_URI);
  const raw = demoConfigRaw();
  raw["teams-sso"] = { "client-id": CLIENT_ID, tenants: [TENANT], "jwks-uri": keys.jwksUri };
  raw.workers[0].upn = "alex.morgan@contoso.example";
  c = await startConnector({ config: raw, publicUrl: PUBLIC_URL });
});
afterAll(async () => {
  await c?.cleanup();
  await keys?.close();
});

const asTeams = (token: string) => ({ authorization: `Bearer ${token}` });
const me = (token: string) => c.request("/api/kw/me", { headers: asTeams(token) });
const signInWithTeams = (token: string) => c.request("/signin/teams", { method: "POST", body: { token } });

/** A Bayeux client that signs in as the tab inside Teams does: no cookie, the token in every message. */
function teamsBayeux(token: string) {
  const cometd = c.cometd();
  cometd.registerExtension("teams-token", {
    outgoing(message) {
      message.ext = { ...(message.ext ?? {}), ucc: { teamsToken: token } };
      return message;
    },
  });
  return cometd;
}

describe("a Teams token as a bearer", () => {
  it("is refused before the person signed in through Teams, however valid", async () => {
    const token = await keys.mint();
    expect((await me(token)).status).toBe(401);
    await expect(handshake(teamsBayeux(token))).rejects.toBeInstanceOf(HandshakeRefused);
  });

  it("after POST /signin/teams, signs the tab in with no cookie: reads, a state change, and Bayeux", async () => {
    const token = await keys.mint();
    expect((await signInWithTeams(token)).status).toBe(200);
    const read = await me(token);
    expect(read.status, read.text).toBe(200);
    expect(read.json.id).toBe("kw1");
    // A state-changing call with the bearer alone (no cookie, no CSRF token).
    const set = await c.request("/api/kw/presence", { method: "PUT", body: { presence: "available" }, headers: asTeams(token) });
    expect(set.status, set.text).toBe(200);
    expect((await c.worker("kw1")).presence).toBe("available");

    const client = new BayeuxClient(teamsBayeux(token));
    await handshake(client.cometd);
    expect((await client.subscribe(channels.workerOffers("kw1"))).successful).toBe(true);
    expect((await client.subscribe(channels.workerOffers("kw2"))).successful).toBe(false);
    // The window counts as open: an offer comes as a Preview on the Bayeux channel.
    await c.api("POST", "/api/v1/interactions", { media: "chat", from: "Pat Bearer", subject: "Billing", worker: "kw1" });
    const offer = await client.waitForMessage(channels.workerOffers("kw1"), (m) => m.type === "offer");
    expect(offer.offer.interaction.from).toBe("Pat Bearer");
    await client.disconnect();
  });

  it("a newer token of the same person works at once (the tab refreshes it before expiry)", async () => {
    const fresh = await keys.mint({}, { expiresIn: "2h" });
    expect((await me(fresh)).json.id).toBe("kw1");
  });

  it("an expired, tampered or foreign-tenant token is 401, never 200", async () => {
    for (const token of [
      await keys.mint({ exp: Math.floor(Date.now() / 1000) - 600 }),
      await keys.mint({}, { key: keys.foreignKey }),
      await keys.mint({ tid: "99999999-8888-7777-6666-555555555555" }),
    ]) {
      expect((await me(token)).status).toBe(401);
    }
  });

  it("a Teams token is not an API key, and an API key is not a Teams token", async () => {
    const token = await keys.mint();
    expect((await c.request("/api/v1/workers/kw1", { headers: asTeams(token) })).status).toBe(401);
    expect((await me(c.apiKey)).status).toBe(401);
  });

  it("sign-out (by the bearer) refuses every token of the person until they sign in through Teams again", async () => {
    const token = await keys.mint();
    expect((await signInWithTeams(token)).status).toBe(200);
    const out = await c.request("/signout", { method: "POST", headers: asTeams(token) });
    expect(out.status).toBe(200);
    expect((await me(token)).status).toBe(401);
    // Teams hands out its cached token again: still refused, and so is a fresh one.
    expect((await me(await keys.mint())).status).toBe(401);
    await expect(handshake(teamsBayeux(token))).rejects.toBeInstanceOf(HandshakeRefused);
    // The person presses "Sign in".
    expect((await signInWithTeams(token)).status).toBe(200);
    expect((await me(token)).status).toBe(200);
  });

  it("a sign-out in another window (the cookie's) ends the Teams tab's too", async () => {
    const token = await keys.mint();
    expect((await signInWithTeams(token)).status).toBe(200);
    const cookie = await c.signIn("kw1");
    expect((await c.request("/signout", { method: "POST", headers: { cookie } })).status).toBe(200);
    expect((await me(token)).status).toBe(401);
  });
});

describe("GET /signin/teams/consent (opened in Teams' authentication window)", () => {
  it("sends the window to Entra ID's authorize endpoint, asking consent for the connector's scope, back to the consent-done page", async () => {
    const res = await c.request(`/signin/teams/consent?tenant=${TENANT}&hint=alex.morgan%40contoso.example`);
    expect(res.status).toBe(303);
    const location = new URL(String(res.headers.location));
    expect(`${location.origin}${location.pathname}`).toBe(`https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/authorize`);
    expect(Object.fromEntries(location.searchParams)).toEqual({
      client_id: CLIENT_ID,
      response_type: "code",
      response_mode: "query",
      redirect_uri: `${PUBLIC_URL}/signin/teams/consent-done`,
      scope: `${APP_ID_URI}/access_as_user openid profile`,
      prompt: "consent",
      login_hint: "alex.morgan@contoso.example",
    });
  });

  it("never sends it to a tenant the connector does not serve", async () => {
    const res = await c.request("/signin/teams/consent?tenant=99999999-8888-7777-6666-555555555555");
    expect(new URL(String(res.headers.location)).pathname).toBe(`/${TENANT}/oauth2/v2.0/authorize`);
  });
});
