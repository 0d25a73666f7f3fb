/** HTTP helpers: cookies, origins, loopback and declared body lengths. */
import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { attachClientInfo } from "../../lib/http/client-info";
import { parseCidr } from "../../lib/http/ip";
import { checkDeclaredLength, isForeignOrigin, isLoopback, isTls, MAX_BODY_BYTES, ownOrigin, parseCookies } from "../../lib/http/io";

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

describe("behind a trusted proxy (the client info attached to the request)", () => {
  const trustedProxies = [parseCidr("10.0.0.0/8")!];
  const viaProxy = (headers: Record<string, string>, remoteAddress = "10.0.0.5") => {
    const req = fakeRequest({ host: "10.0.0.9:3000", ...headers }, { remoteAddress });
    attachClientInfo(req, { trustedProxies });
    return req;
  };

  it.each<[string, Record<string, string>, string | undefined, string, boolean]>([
    ["the believed scheme and host", { "x-forwarded-proto": "https", "x-forwarded-host": "kw.example.com" }, undefined, "https://kw.example.com", true],
    ["Forwarded's", { forwarded: "for=198.51.100.1;proto=https;host=kw.example.com" }, undefined, "https://kw.example.com", true],
    ["none: the socket's", {}, undefined, "http://10.0.0.9:3000", false],
    ["from an untrusted peer: the socket's", { "x-forwarded-proto": "https", "x-forwarded-host": "kw.example.com" }, "203.0.113.1", "http://10.0.0.9:3000", false],
  ])("own origin from %s", (_what, headers, peer, origin, tls) => {
    const req = viaProxy(headers, peer);
    expect(ownOrigin(req)).toBe(origin);
    expect(isTls(req)).toBe(tls);
  });

  it("UCC_PUBLIC_URL's origin, when set, is the own origin whatever the headers", () => {
    const req = fakeRequest({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" }, { remoteAddress: "127.0.0.1" });
    attachClientInfo(req, { trustedProxies: [], publicOrigin: "https://ucc.example.com" });
    expect(ownOrigin(req)).toBe("https://ucc.example.com");
    expect(isForeignOrigin(req)).toBe(true);
  });
});

describe("isLoopback", () => {
  it.each(["forwarded", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-real-ip"])("a request with %s is never local", (name) => {
    expect(isLoopback(fakeRequest({ [name]: "127.0.0.1" }, { remoteAddress: "127.0.0.1" }))).toBe(false);
  });

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
