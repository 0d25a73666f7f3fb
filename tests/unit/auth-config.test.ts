/** The sign-in, teams-sso and api-keys sections, the worker's upn, and how a name finds a worker. */
import { describe, expect, it } from "vitest";
import { workerByUpn } from "../../lib/auth/person-identity";
import { teamsAudiences } from "../../lib/auth/teams-token";
import { ConfigError, parseConfig } from "../../lib/config/load";
import { matchApiKey } from "../../lib/http/auth";

const WORKERS = [
  { id: "kw1", name: "Alex", upn: "alex@contoso.example" },
  { id: "kw2", name: "Sam" },
];
const TENANT = "11111111-2222-3333-4444-555555555555";
const OIDC = { issuer: "https://login.microsoftonline.com/" + TENANT + "/v2.0", "client-id": "app", "client-secret": "secret" };

function problem(raw: unknown): { option: string; problem: string } {
  try {
    parseConfig(raw, "/etc/ucc.json");
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("accepted");
}

describe("configuration", () => {
  it("reads oidc with its defaults, teams-sso with Microsoft's keys, and named api-keys", () => {
    const config = parseConfig({
      "sign-in": "oidc",
      oidc: OIDC,
      "teams-sso": { "client-id": "app", tenants: [TENANT] },
      "api-keys": [{ name: "router", key: "r".repeat(32) }, { name: "crm-2026", key: "c".repeat(32) }],
      workers: WORKERS,
    });
    expect(config.oidc).toEqual({ ...OIDC, claim: "preferred_username", scope: "openid profile email" });
    expect(config["teams-sso"]).toEqual({ "client-id": "app", tenants: [TENANT], "jwks-uri": "https://login.microsoftonline.com/common/discovery/v2.0/keys" });
    expect(config["api-keys"]?.map((k) => k.name)).toEqual(["router", "crm-2026"]);
    expect(config.workers[0].upn).toBe("alex@contoso.example");
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ["oidc sign-in without its options", { "sign-in": "oidc" }, "oidc", /required when "sign-in" is "oidc"/],
    ["an http issuer elsewhere than this machine", { "sign-in": "oidc", oidc: { ...OIDC, issuer: "http://idp.example" } }, "oidc.issuer", /https/],
    ["an oidc option with a typo", { oidc: { ...OIDC, "client-secrets": "x" } }, "oidc", /unknown option "client-secrets"/],
    ["a tenant that is not a GUID", { "teams-sso": { "client-id": "app", tenants: ["contoso.example"] } }, "teams-sso.tenants.0", /tenant id/],
    ["teams-sso with no tenant", { "teams-sso": { "client-id": "app", tenants: [] } }, "teams-sso.tenants", /at least one tenant/],
    ["a short API key", { "api-keys": [{ name: "router", key: "short" }] }, "api-keys.0.key", /at least 16/],
    ["two API keys of one name", { "api-keys": [{ name: "a", key: "x".repeat(16) }, { name: "a", key: "y".repeat(16) }] }, "api-keys.1.name", /appears twice/],
    ["one API key under two names", { "api-keys": [{ name: "a", key: "x".repeat(16) }, { name: "b", key: "x".repeat(16) }] }, "api-keys.1.key", /appears twice/],
    ["two workers of one upn", { workers: [{ id: "a", name: "A", upn: "x@y.z" }, { id: "b", name: "B", upn: "X@Y.z" }] }, "workers.1.upn", /appears twice/],
  ])("refuses %s", (_name, raw, option, expected) => {
    const error = problem({ workers: WORKERS, ...raw });
    expect(error.option).toBe(option);
    expect(error.problem).toMatch(expected);
  });

  it("allows plain http for a provider on this machine (tests, a local Keycloak)", () => {
    expect(parseConfig({ "sign-in": "oidc", oidc: { ...OIDC, issuer: "http://127.0.0.1:8080/realms/ucc" }, workers: WORKERS }).oidc?.issuer).toBe("http://127.0.0.1:8080/realms/ucc");
  });
});

describe("a worker's oidc-subject", () => {
  it("is {iss, sub} or Entra's {tid, oid}", () => {
    const config = parseConfig({ workers: [{ id: "kw1", name: "A", "oidc-subject": { iss: "https://idp.example", sub: "s-1" } }, { id: "kw2", name: "B", "oidc-subject": { tid: TENANT, oid: TENANT } }] });
    expect(config.workers.map((w) => w["oidc-subject"])).toEqual([{ iss: "https://idp.example", sub: "s-1" }, { tid: TENANT, oid: TENANT }]);
  });
  it.each([
    [{ iss: "https://idp.example" }, /must be \{"iss", "sub"\}/],
    [{ sub: "s-1", oid: TENANT }, /must be \{"iss", "sub"\}/],
    [{ tid: "not-a-guid", oid: TENANT }, /tenant id/],
  ])("%j is refused, naming the option", (subject, text) => {
    const error = problem({ workers: [{ id: "kw1", name: "A", "oidc-subject": subject }] });
    expect(error.option).toMatch(/^workers\.0\.oidc-subject/);
    expect(error.problem).toMatch(text);
  });
});

describe("workerByUpn", () => {
  it.each([
    ["alex@contoso.example", "kw1"],
    ["ALEX@Contoso.Example", "kw1"],
    ["kw2", undefined], // never by id: kw2 has no upn, so no directory name is kw2
    ["KW2", undefined],
    ["kw1", undefined], // kw1 has a upn: its id alone does not sign it in
    ["bob@contoso.example", undefined],
    ["", undefined],
    [42, undefined],
    [undefined, undefined],
  ])("%j is %j", (name, id) => {
    expect(workerByUpn(WORKERS, name)?.id).toBe(id);
  });
});

describe("matchApiKey", () => {
  const keys = [
    { name: "default", key: "d".repeat(32) },
    { name: "router", key: "r".repeat(32) },
  ];
  it("names the key that matches, of any length; nothing for anything else", () => {
    expect(matchApiKey(keys, "r".repeat(32))).toBe("router");
    expect(matchApiKey(keys, "d".repeat(32))).toBe("default");
    expect(matchApiKey(keys, "r".repeat(31))).toBeUndefined();
    expect(matchApiKey(keys, "r".repeat(33))).toBeUndefined();
    expect(matchApiKey(keys, "")).toBeUndefined();
    expect(matchApiKey(keys, undefined)).toBeUndefined();
    expect(matchApiKey([], "r".repeat(32))).toBeUndefined();
  });
});

describe("teamsAudiences", () => {
  it("are the Application ID URI (with and without the port) and the client id", () => {
    expect(teamsAudiences("app", "https://ucc.contoso.example")).toEqual(["api://ucc.contoso.example/app", "app"]);
    expect(teamsAudiences("app", "https://ucc.contoso.example:8443")).toEqual(["api://ucc.contoso.example:8443/app", "api://ucc.contoso.example/app", "app"]);
  });
});
