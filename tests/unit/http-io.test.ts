/** HTTP helpers: cookies, origins, loopback and declared body lengths. */
import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { checkDeclaredLength, isForeignOrigin, isLoopback, MAX_BODY_BYTES, ownOrigin, parseCookies } from "../../lib/http/io";

function fakeRequest(headers: Record<string, string>, socket: Record<string, unknown> = {}): IncomingMessage {
  return { headers, socket } as unknown as IncomingMessage;
}

describe("parseCookies", () => {
  it("reads name=value pairs, trims, decodes, keeps the first of a repeated name", () => {
    const req = fakeRequest({ cookie: "a=1; ucc_session=tok%2Fen ;b=x=y; ucc_session=second; =nameless; junk" });
    expect(parseCookies(req)).toEqual({ a: "1", ucc_session: "tok/en", b: "x=y" });
  });

  it("keeps a value that is not valid percent-encoding as it is", () => {
    expect(parseCookies(fakeRequest({ cookie: "x=%E0%A4%A" }))).toEqual({ x: "%E0%A4%A" });
  });

  it("is empty without a Cookie header", () => {
    expect(parseCookies(fakeRequest({}))).toEqual({});
  });
});

describe("origins", () => {
  it("no Origin header is not foreign (non-browser clients are judged by credentials)", () => {
    expect(isForeignOrigin(fakeRequest({ host: "127.0.0.1:3000" }))).toBe(false);
  });

  it.each([
    ["http://127.0.0.1:3000", false],
    ["http://evil.example", true],
    ["null", true],
    ["http://127.0.0.1:3001", true],
    ["https://127.0.0.1:3000", true],
    ["http://localhost:3000", true],
    ["", true],
  ])("Origin %j on http://127.0.0.1:3000 -> foreign %s", (origin, foreign) => {
    expect(isForeignOrigin(fakeRequest({ host: "127.0.0.1:3000", origin }))).toBe(foreign);
  });

  it.each([
    ["same-origin", false],
    ["cross-site", true],
    ["same-site", true],
    [undefined, true],
  ])("Origin null with Sec-Fetch-Site %s (a form POST under Referrer-Policy no-referrer) -> foreign %s", (site, foreign) => {
    const headers: Record<string, string> = { host: "127.0.0.1:3000", origin: "null", ...(site ? { "sec-fetch-site": site } : {}) };
    expect(isForeignOrigin(fakeRequest(headers))).toBe(foreign);
  });

  it("own origin follows TLS", () => {
    expect(ownOrigin(fakeRequest({ host: "kw.example:8443" }, { encrypted: true }))).toBe("https://kw.example:8443");
    expect(isForeignOrigin(fakeRequest({ host: "kw.example:8443", origin: "https://kw.example:8443" }, { encrypted: true }))).toBe(false);
    expect(isForeignOrigin(fakeRequest({ host: "kw.example:8443", origin: "http://kw.example:8443" }, { encrypted: true }))).toBe(true);
  });
});

describe("isLoopback", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.8.9.10", true],
    ["::1", true],
    ["::ffff:127.0.0.1", true],
    ["10.0.0.1", false],
    ["::ffff:192.168.1.1", false],
    ["1127.0.0.1", false],
    ["", false],
  ])("%s -> %s", (remoteAddress, loopback) => {
    expect(isLoopback(fakeRequest({}, { remoteAddress }))).toBe(loopback);
  });
});

describe("checkDeclaredLength", () => {
  it("is 64 KiB", () => {
    expect(MAX_BODY_BYTES).toBe(65_536);
  });

  it.each<[Record<string, string>, string | undefined]>([
    [{ "content-length": "0" }, undefined],
    [{ "content-length": "65536" }, undefined],
    [{ "content-length": "65537" }, "payload_too_large"],
    [{ "content-length": "abc" }, "bad_request"],
    [{ "content-length": "-1" }, "bad_request"],
    // A streamed body is counted as it arrives (limitStreamedBody), not refused up front.
    [{ "transfer-encoding": "chunked" }, undefined],
    [{}, undefined],
  ])("%j -> %s", (headers, code) => {
    expect(checkDeclaredLength(fakeRequest(headers), MAX_BODY_BYTES)?.code).toBe(code);
  });
});
