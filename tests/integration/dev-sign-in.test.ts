/**
 * The dev sign-in: a POST from the one-button form, on loopback by address and by name, refused
 * from other sites (login CSRF) and with any other Host (DNS rebinding); the session rotates.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RawResponse } from "../support/http";
import { demoConfigRaw, startConnector, type Connector } from "../support/harness";
import { postDevSignIn, sessionCookieOf } from "../support/sign-in";

let c: Connector;
beforeAll(async () => {
  c = await startConnector();
});
afterAll(async () => {
  await c.cleanup();
});

const setCookies = (res: RawResponse) => ([] as string[]).concat(res.headers["set-cookie"] ?? []);
const me = async (cookie: string) => (await c.request("/api/kw/me", { headers: { cookie } })).status;

describe("POST /signin (the form's button)", () => {
  it("sets an HttpOnly SameSite=Lax session cookie and lands on / with 303", async () => {
    const res = await postDevSignIn(c.url, "kw1");
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe("/");
    expect(res.headers["cache-control"]).toBe("no-store");
    const cookies = setCookies(res);
    expect(cookies).toHaveLength(1);
    const parts = cookies[0].split(";").map((p) => p.trim());
    expect(parts[0]).toMatch(/^ucc_session=[A-Za-z0-9_-]{20,}$/);
    expect(parts).toEqual(expect.arrayContaining(["HttpOnly", "Path=/", "SameSite=Lax", "Max-Age=604800"]));
    expect(parts).not.toContain("Secure"); // plain HTTP
    expect(await me(sessionCookieOf(res)!)).toBe(200);
  });

  it.each([
    ["/extension", "/extension"],
    ["/extension?invitation=abc", "/extension?invitation=abc"],
    ["//evil.example/x", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example/", "/"],
    ["javascript:alert(1)", "/"],
    ["", "/"],
  ])("next=%j lands on %j", async (next, location) => {
    const res = await postDevSignIn(c.url, "kw2", {}, next);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(location);
  });

  it("rotates the session: the one the browser held before stops working", async () => {
    const before = sessionCookieOf(await postDevSignIn(c.url, "kw1"))!;
    const after = await postDevSignIn(c.url, "kw1", { cookie: before });
    const rotated = sessionCookieOf(after)!;
    expect(rotated).not.toBe(before);
    expect(await me(before)).toBe(401);
    expect(await me(rotated)).toBe(200);
  });

  it.each<[string, Record<string, string>]>([
    ["a Host that is not a loopback name (DNS rebinding)", { host: "evil.example" }],
    ["a Host that only starts like loopback", { host: "127.0.0.1.evil.example" }],
    ["a Host that only starts like localhost", { host: "localhost.evil.example:80" }],
    ["a foreign Origin (login CSRF)", { origin: "http://evil.example" }],
    ["Origin: null", { origin: "null" }],
    ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
    ["Sec-Fetch-Site: same-site", { "sec-fetch-site": "same-site" }],
  ])("refuses %s with 403 and no cookie", async (_name, headers) => {
    const res = await postDevSignIn(c.url, "kw1", headers);
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ error: { code: "forbidden", message: expect.any(String) } });
    expect(setCookies(res)).toEqual([]);
  });

  it.each<[string, Record<string, string>]>([
    ["localhost with a port", { host: "localhost:1234" }],
    ["LOCALHOST without a port", { host: "LOCALHOST" }],
    ["[::1]", { host: "[::1]:3000" }],
    ["its own origin, same-origin fetch", { origin: "", "sec-fetch-site": "same-origin" }],
  ])("accepts %s", async (_name, headers) => {
    const h = { ...headers };
    if (h.origin === "") h.origin = c.url;
    expect((await postDevSignIn(c.url, "kw3", h)).status).toBe(303);
  });

  it("an unknown worker is 404, no worker 400, a JSON body 415; none sets a cookie", async () => {
    const unknown = await postDevSignIn(c.url, "kw9");
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe("not_found");
    const none = await c.request("/signin", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "next=/" });
    expect(none.status).toBe(400);
    const json = await c.request("/signin", { method: "POST", body: { worker: "kw1" } });
    expect(json.status).toBe(415);
    expect([unknown, none, json].flatMap(setCookies)).toEqual([]);
  });

  it("GET /signin?worker=kw1 signs nobody in: it is the form's page (not the router's)", async () => {
    const res = await c.request("/signin?worker=kw1");
    expect(setCookies(res)).toEqual([]);
    expect(res.status).toBe(404); // no pages in this harness; the web client serves the form
  });
});

describe("GET /api/kw/sign-in-options", () => {
  it("offers the dev sign-in from loopback by name only", async () => {
    expect((await c.request("/api/kw/sign-in-options")).json).toMatchObject({ dev: true, oidc: false, workers: [{ id: "kw1", name: "Alex Morgan" }, {}, {}] });
    expect((await c.request("/api/kw/sign-in-options", { headers: { host: "rebound.example" } })).json).toEqual({ dev: false, oidc: false, teamsSso: false, workers: [] });
  });
});

describe("configurations without the dev sign-in", () => {
  it.each([["none"], [undefined]])("with sign-in %j the form is refused with 403", async (mode) => {
    const raw = demoConfigRaw();
    if (mode === undefined) delete raw["sign-in"];
    else raw["sign-in"] = mode;
    const other = await startConnector({ config: raw });
    try {
      const res = await postDevSignIn(other.url, "kw1");
      expect(res.status).toBe(403);
      expect(setCookies(res)).toEqual([]);
      expect((await other.request("/api/kw/sign-in-options")).json).toEqual({ dev: false, oidc: false, teamsSso: false, workers: [] });
    } finally {
      await other.cleanup();
    }
  });
});
