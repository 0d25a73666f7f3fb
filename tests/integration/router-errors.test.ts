/** Malformed paths, unknown API paths and wrong methods answer in the one error vocabulary, as JSON. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConnector, type Connector } from "../support/harness";
import { rawRequest } from "../support/http";

let c: Connector;
beforeAll(async () => {
  c = await startConnector();
});
afterAll(async () => {
  await c.cleanup();
});

const errorOf = (code: string) => ({ error: { code, message: expect.any(String) } });

describe("the router's own errors", () => {
  it.each(["/api/v1/workers/%ZZ", "/api/v1/interactions/%E0%A4%A/messages", "/api/v1/workers/%"])("GET %s is a JSON 400", async (path) => {
    const res = await c.api("GET", path);
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(res.json).toEqual(errorOf("bad_request"));
  });

  it("a well-encoded id is decoded (kw%31 is kw1)", async () => {
    const res = await c.api("GET", "/api/v1/workers/kw%31");
    expect(res.status).toBe(200);
    expect(res.json.id).toBe("kw1");
  });

  it.each(["/api/v1/nothing", "/api/v1/workers", "/api/kw/nothing", "/api/v1/workers/kw1/presence/extra", "/api/"])("GET %s is a JSON 404", async (path) => {
    const res = await c.api("GET", path);
    expect(res.status).toBe(404);
    expect(res.json).toEqual(errorOf("not_found"));
  });

  it.each([
    ["DELETE", "/api/v1/workers/kw1", "GET"],
    ["POST", "/api/v1/workers/kw1/presence", "PUT"],
    ["PUT", "/api/v1/interactions", "POST"],
    ["GET", "/signout", "POST"],
    ["PATCH", "/api/v1/events", "GET"],
  ])("%s %s is a JSON 405 that allows %s", async (method, path, allowed) => {
    const res = await c.api(method, path);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe(allowed);
    expect(res.json).toEqual(errorOf("method_not_allowed"));
  });

  it("a path that starts with two slashes is not read as another host", async () => {
    const res = await rawRequest(`${c.url}//api/v1/workers/kw1`, { headers: { authorization: `Bearer ${c.apiKey}` } });
    expect(res.status).toBe(404); // not an API path; no pages in this harness
  });

  it("paths outside /api that nobody serves are left to the pages", async () => {
    const res = await c.request("/no-such-page");
    expect(res.status).toBe(404);
    expect(res.headers["content-type"]).toBe("text/plain");
  });
});
