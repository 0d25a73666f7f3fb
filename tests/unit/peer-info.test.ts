/**
 * What a node signs about the client of a request it forwards to the owner
 * (lib/cluster/peer-info.ts), and what the owner makes of it (lib/http/client-info.ts): believed
 * from a peer with the cluster's key; forged, tampered, stale or foreign-keyed headers are
 * ignored and never passed on.
 */
import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { PEER_HEADER, peerHeader, readPeerHeader } from "../../lib/cluster/peer-info";
import { attachClientInfo, carriesProxyHeaders, clientAddress, isSecureRequest, requestHost } from "../../lib/http/client-info";
import { hasTrustedClientCertificate, viaMtlsListener } from "../../lib/tls/https-server";

const KEY = Buffer.alloc(32, 7);
const OTHER = Buffer.alloc(32, 8);
const facts = { address: "203.0.113.9", secure: true, host: "ucc.example.com", proxied: true, mtls: false };

const signed = (...args: Parameters<typeof peerHeader>) => peerHeader(...args)!;

const request = (headers: Record<string, string>): IncomingMessage =>
  ({ headers: { ...headers }, socket: { remoteAddress: "127.0.0.1", encrypted: false } }) as unknown as IncomingMessage;

describe("the peer header", () => {
  it("round-trips what the forwarding node knew", () => {
    expect(readPeerHeader(KEY, request({ [PEER_HEADER]: signed(KEY, facts) }))).toEqual(facts);
  });

  it("is ignored when signed with another key, tampered with, stale or malformed", () => {
    const good = signed(KEY, facts);
    const [payload, mac] = good.split(".");
    const forged = Buffer.from(JSON.stringify({ ...facts, address: "10.0.0.1", at: Date.now() })).toString("base64url");
    for (const value of [signed(OTHER, facts), `${forged}.${mac}`, `${payload}.${mac}x`, `${payload}`, `${good}.x`, "", "%%%.%%%"]) {
      expect(readPeerHeader(KEY, request({ [PEER_HEADER]: value }))).toBeUndefined();
    }
    expect(readPeerHeader(KEY, request({ [PEER_HEADER]: signed(KEY, facts, Date.now() - 120_000) }))).toBeUndefined();
  });
});

describe("signing", () => {
  it("refuses facts the owner would not accept (a Host longer than any real one), so they are never sent unsigned-looking", () => {
    expect(peerHeader(KEY, { ...facts, host: "h".repeat(301) })).toBeUndefined();
  });
});

describe("the owner reading a forwarded request", () => {
  it("takes the signed client instead of the connection's (the peer's), MTLS included", () => {
    const req = request({ [PEER_HEADER]: signed(KEY, { ...facts, mtls: true }) });
    attachClientInfo(req, { trustedProxies: [], peerKey: KEY });
    expect([clientAddress(req), isSecureRequest(req), requestHost(req), carriesProxyHeaders(req)]).toEqual(["203.0.113.9", true, "ucc.example.com", true]);
    expect(viaMtlsListener(req) && hasTrustedClientCertificate(req)).toBe(true);
    expect(req.headers[PEER_HEADER]).toBeUndefined();
  });

  it("ignores and drops a header a client sent itself, and one node alone never reads it", () => {
    const forged = request({ [PEER_HEADER]: signed(OTHER, facts), host: "127.0.0.1:3000" });
    attachClientInfo(forged, { trustedProxies: [], peerKey: KEY });
    expect(clientAddress(forged)).toBe("127.0.0.1");
    expect(hasTrustedClientCertificate(forged)).toBe(false);
    expect(forged.headers[PEER_HEADER]).toBeUndefined();
    const alone = request({ [PEER_HEADER]: signed(KEY, facts), host: "127.0.0.1:3000" });
    attachClientInfo(alone, { trustedProxies: [] });
    expect(clientAddress(alone)).toBe("127.0.0.1");
    expect(alone.headers[PEER_HEADER]).toBeUndefined();
  });
});
