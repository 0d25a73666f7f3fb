import { describe, expect, it } from "vitest";
import { classifyCometdRequest, isCometdPath, isCometdUpgrade, type CometdRequest } from "../../lib/bayeux/transport-gate";

const json = "application/json;charset=UTF-8";

describe("classifyCometdRequest", () => {
  it.each<[string, Partial<CometdRequest>, string | undefined, string | undefined]>([
    // what, request, error code (undefined: served), Allow
    ["a JSON POST on /cometd (long-polling)", { method: "POST", url: "/cometd", contentType: json }, undefined, undefined],
    ["a plain application/json POST", { method: "POST", url: "/cometd", contentType: "application/json" }, undefined, undefined],
    ["an EventSource GET /cometd/<clientId>", { method: "GET", url: "/cometd/abc123" }, "not_found", undefined],
    ["a callback-polling GET", { method: "GET", url: "/cometd?message=%5B%5D&jsonp=cb" }, "method_not_allowed", "POST"],
    ["a GET of /cometd", { method: "GET", url: "/cometd" }, "method_not_allowed", "POST"],
    ["an OPTIONS preflight", { method: "OPTIONS", url: "/cometd" }, "method_not_allowed", "POST"],
    ["a PUT", { method: "PUT", url: "/cometd", contentType: json }, "method_not_allowed", "POST"],
    ["faye's client script", { method: "GET", url: "/cometd/client.js" }, "not_found", undefined],
    ["a POST with the message type appended", { method: "POST", url: "/cometd/connect", contentType: json }, "not_found", undefined],
    ["a POST on /cometd/", { method: "POST", url: "/cometd/", contentType: json }, "not_found", undefined],
    ["a POST with a jsonp parameter", { method: "POST", url: "/cometd?jsonp=cb", contentType: json }, "bad_request", undefined],
    ["a POST with a callback parameter", { method: "POST", url: "/cometd?callback=cb", contentType: json }, "bad_request", undefined],
    ["a POST with a message parameter", { method: "POST", url: "/cometd?message=%5B%5D", contentType: json }, "bad_request", undefined],
    ["a form POST", { method: "POST", url: "/cometd", contentType: "application/x-www-form-urlencoded" }, "unsupported_media_type", undefined],
    ["a text/plain POST", { method: "POST", url: "/cometd", contentType: "text/plain" }, "unsupported_media_type", undefined],
    ["a POST with no content type", { method: "POST", url: "/cometd" }, "unsupported_media_type", undefined],
    ["a POST that says it is a preflight", { method: "POST", url: "/cometd", contentType: json, preflight: true }, "bad_request", undefined],
  ])("%s", (_what, request, code, allow) => {
    const verdict = classifyCometdRequest({ method: undefined, url: undefined, contentType: undefined, preflight: false, ...request });
    if (code === undefined) return expect(verdict).toEqual({ serve: true });
    expect(verdict.serve).toBe(false);
    if (verdict.serve) return;
    expect(verdict.error.code).toBe(code);
    expect(verdict.allow).toBe(allow);
  });
});

describe("isCometdPath / isCometdUpgrade", () => {
  it.each([
    ["/cometd", true, true],
    ["/cometd?x=1", true, true],
    ["/cometd/", true, false],
    ["/cometd/abc", true, false],
    ["/cometdx", false, false],
    ["/api/cometd", false, false],
  ])("%s -> path %s, upgrade %s", (url, path, upgrade) => {
    expect(isCometdPath(url.split("?")[0])).toBe(path);
    expect(isCometdUpgrade(url)).toBe(upgrade);
  });
});
