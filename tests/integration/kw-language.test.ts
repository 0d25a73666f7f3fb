/**
 * B12: the worker's own choice of language is kept by the connector (PUT /api/kw/language,
 * `language` in GET /api/kw/me), on every device and across a restart; bad input is refused.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startConnector, type Connector } from "../support/harness";

let c: Connector;
beforeEach(async () => {
  c = await startConnector();
});
afterEach(async () => {
  await c.cleanup();
});

const put = (cookie: string, body: unknown, headers: Record<string, string> = {}) =>
  c.request("/api/kw/language", { method: "PUT", headers: { cookie, ...headers }, body: body as object });
const me = async (cookie: string) => (await c.request("/api/kw/me", { headers: { cookie } })).json;

describe("PUT /api/kw/language", () => {
  it("keeps the choice for every session of the worker, and null drops it", async () => {
    const laptop = await c.signIn("kw1");
    const phone = await c.signIn("kw1");
    expect((await me(laptop)).language).toBeNull();

    const res = await put(laptop, { language: "ru" });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: "kw1", language: "ru", presence: "offline" });
    expect((await me(phone)).language).toBe("ru");
    // Another worker is untouched.
    expect((await me(await c.signIn("kw2"))).language).toBeNull();

    expect((await put(phone, { language: null })).json.language).toBeNull();
    expect((await me(laptop)).language).toBeNull();
  });

  it("survives a restart of the connector", async () => {
    const cookie = await c.signIn("kw1");
    expect((await put(cookie, { language: "de" })).status).toBe(200);
    c = await c.restart();
    expect((await me(cookie)).language).toBe("de");
  });

  it("the presence drop-down's answer carries the language too, so the page keeps it", async () => {
    const cookie = await c.signIn("kw1");
    await put(cookie, { language: "it" });
    const res = await c.request("/api/kw/presence", { method: "PUT", headers: { cookie }, body: { presence: "busy" } });
    expect(res.json).toMatchObject({ presence: "busy", language: "it" });
  });

  it.each([
    [{ language: "pt" }],
    [{ language: "FR" }],
    [{ language: "" }],
    [{}],
    [{ language: "fr", extra: 1 }],
    [{ language: 7 }],
  ])("refuses %j with 400", async (body) => {
    const cookie = await c.signIn("kw1");
    const res = await put(cookie, body);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("bad_request");
    expect((await me(cookie)).language).toBeNull();
  });

  it("needs a session (401) and the connector's own origin (403)", async () => {
    expect((await c.request("/api/kw/language", { method: "PUT", body: { language: "fr" } })).status).toBe(401);
    const cookie = await c.signIn("kw1");
    expect((await put(cookie, { language: "fr" }, { origin: "https://evil.example" })).status).toBe(403);
    expect((await me(cookie)).language).toBeNull();
  });

  it("is not part of the integration API's worker view", async () => {
    const cookie = await c.signIn("kw1");
    await put(cookie, { language: "es" });
    expect(await c.worker("kw1")).not.toHaveProperty("language");
  });
});
