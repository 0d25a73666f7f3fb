/**
 * Teams tab SSO: POST /signin/teams with a token checked against the tenant's published keys
 * (here a key set the test makes and serves on loopback). Every bad token is refused with the
 * contract's errors and no session.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_ID, OTHER_TENANT, startTestKeySet, TENANT, type TestKeySet } from "../support/teams-tokens";

const CAROL_OID = "ca401000-0000-4000-8000-0000000ca401";
import { demoConfigRaw, startConnector, type Connector } from "../support/harness";
import type { RawResponse } from "../support/http";

const PUBLIC_URL = "https://ucc.contoso.example";
const APP_ID_URI = `api://ucc.contoso.example/${CLIENT_ID}`;

let keys: TestKeySet;
let c: Connector;

function teamsConfig(jwksUri: string) {
  const raw = demoConfigRaw();
  raw["sign-in"] = "none";
  raw["teams-sso"] = { "client-id": CLIENT_ID, tenants: [TENANT], "jwks-uri": jwksUri };
  raw.workers[0].upn = "alex.morgan@contoso.example";
  // kw2 has no upn and no configured identity: no one signs in as kw2 by Teams SSO.
  raw.workers[2]["oidc-subject"] = { tid: TENANT, oid: CAROL_OID };
  return raw;
}

beforeAll(async () => {
  keys = await startTestKeySet(APP_ID_URI);
  c = await startConnector({ config: teamsConfig(keys.jwksUri), publicUrl: PUBLIC_URL });
});
afterAll(async () => {
  await c?.cleanup();
  await keys?.close();
});

const signIn = (token: unknown, headers: Record<string, string> = {}) => c.request("/signin/teams", { method: "POST", body: { token }, headers });
const sessionOf = (res: RawResponse) => ([] as string[]).concat(res.headers["set-cookie"] ?? []).find((s) => s.startsWith("ucc_session="));

describe("POST /signin/teams", () => {
  it("a good token of a worker opens a session (SameSite=Lax over plain HTTP)", async () => {
    const res = await signIn(await keys.mint());
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ worker: { id: "kw1", name: "Alex Morgan" } });
    const cookie = sessionOf(res)!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const me = await c.request("/api/kw/me", { headers: { cookie: cookie.split(";")[0] } });
    expect(me.json.id).toBe("kw1");
  });

  it.each([
    ["the v1 issuer and the upn claim", { iss: `https://sts.windows.net/${TENANT}/`, upn: "Alex.Morgan@Contoso.example", preferred_username: undefined }],
    ["the bare client id as audience", { aud: CLIENT_ID }],
    ["several scopes", { scp: "User.Read access_as_user" }],
  ])("accepts %s", async (_name, claims) => {
    const res = await signIn(await keys.mint(claims));
    expect(res.status, res.text).toBe(200);
  });

  it.each<[string, () => Promise<string>, number, string]>([
    ["a tampered payload", async () => tamper(await keys.mint(), { preferred_username: "bob@contoso.example" }), 401, "unauthorized"],
    ["a signature by a key the tenant never published", () => keys.mint({}, { key: keys.foreignKey }), 401, "unauthorized"],
    ["an unknown key id", () => keys.mint({}, { key: keys.foreignKey, kid: "other-kid" }), 401, "unauthorized"],
    ["an expired token", () => keys.mint({ exp: Math.floor(Date.now() / 1000) - 600 }), 401, "unauthorized"],
    ["a foreign tenant's issuer", () => keys.mint({ iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0`, tid: OTHER_TENANT }), 401, "unauthorized"],
    ["our issuer with a foreign tid", () => keys.mint({ tid: OTHER_TENANT }), 401, "unauthorized"],
    ["another app's audience", () => keys.mint({ aud: "api://evil.example/other-app" }), 401, "unauthorized"],
    ["no access_as_user scope", () => keys.mint({ scp: "User.Read" }), 401, "unauthorized"],
    ["alg none", async () => unsigned(await keys.mint()), 401, "unauthorized"],
    ["not a JWT at all", async () => "this-is-not-a-jwt-at-all", 401, "unauthorized"],
    ["no object id (oid)", () => keys.mint({ oid: undefined }), 401, "unauthorized"],
    ["a person who is not a worker here", () => keys.mint({ preferred_username: "eve@contoso.example", oid: "e0e00000-0000-4000-8000-000000000e0e" }), 403, "forbidden"],
    ["a name that is a worker's id, not its upn", () => keys.mint({ preferred_username: "kw2", oid: "b0b00000-0000-4000-8000-000000000b0b" }), 403, "forbidden"],
  ])("refuses %s (%i) and opens no session", async (_name, token, status, code) => {
    const res = await signIn(await token());
    expect(res.status).toBe(status);
    expect(res.json).toEqual({ error: { code, message: expect.any(String) } });
    expect(sessionOf(res)).toBeUndefined();
  });

  it.each<[string, unknown, Record<string, string>, number]>([
    ["no token", undefined, {}, 400],
    ["a number", 42, {}, 400],
    ["a foreign Origin", "x".repeat(40), { origin: "http://evil.example" }, 403],
  ])("refuses %s", async (_name, token, headers, status) => {
    expect((await signIn(token, headers)).status).toBe(status);
  });
});

describe("who the person is: the tenant's object id, bound on the first sign-in", () => {
  it("after Alex's first sign-in bound kw1, another person with Alex's upn is refused; Alex is known by oid under any name", async () => {
    expect((await signIn(await keys.mint())).status).toBe(200);
    const impostor = await signIn(await keys.mint({ oid: "1d000000-0000-4000-8000-0000000001d0" }));
    expect(impostor.status).toBe(403);
    expect(impostor.json.error.code).toBe("forbidden");
    expect(sessionOf(impostor)).toBeUndefined();
    const renamed = await signIn(await keys.mint({ preferred_username: "alex.renamed@contoso.example" }));
    expect(renamed.status).toBe(200);
    expect(renamed.json.worker.id).toBe("kw1");
  });

  it("a worker configured with tid+oid is that person whatever name the token carries, and no one else", async () => {
    const carol = await signIn(await keys.mint({ oid: CAROL_OID.toUpperCase(), preferred_username: "carol@contoso.example" }));
    expect(carol.status).toBe(200);
    expect(carol.json.worker.id).toBe("kw3");
  });
});

describe("Teams SSO not configured, or its keys unreachable", () => {
  it("without teams-sso the endpoint is 403", async () => {
    const raw = demoConfigRaw();
    const other = await startConnector({ config: raw });
    try {
      const res = await other.request("/signin/teams", { method: "POST", body: { token: await keys.mint() } });
      expect(res.status).toBe(403);
    } finally {
      await other.cleanup();
    }
  });

  it("a key set that does not answer is 503 unavailable, not a refusal of the person", async () => {
    const broken = await startTestKeySet(APP_ID_URI);
    broken.breakIt();
    const other = await startConnector({ config: teamsConfig(broken.jwksUri), publicUrl: PUBLIC_URL });
    try {
      const res = await other.request("/signin/teams", { method: "POST", body: { token: await broken.mint() } });
      expect(res.status).toBe(503);
      expect(res.json.error.code).toBe("unavailable");
      expect(sessionOf(res)).toBeUndefined();
    } finally {
      await other.cleanup();
      await broken.close();
    }
  });
});

/** The token with its payload changed and the signature kept. */
function tamper(token: string, claims: Record<string, unknown>): string {
  const [header, payload, signature] = token.split(".");
  const changed = { ...JSON.parse(Buffer.from(payload, "base64url").toString()), ...claims };
  return [header, Buffer.from(JSON.stringify(changed)).toString("base64url"), signature].join(".");
}

/** The token re-headed as `alg: none`, with no signature. */
function unsigned(token: string): string {
  const [, payload] = token.split(".");
  return [Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url"), payload, ""].join(".");
}
