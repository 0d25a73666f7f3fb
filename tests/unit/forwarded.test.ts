/** Proxy headers, believed only from trusted peers: client address, scheme, host (table tests). */
import { describe, expect, it } from "vitest";
import { nodeAddress, parseForwarded, resolveClientInfo, type RequestFacts } from "../../lib/http/forwarded";
import { inAnyCidr, parseCidr, parseIp } from "../../lib/http/ip";
import { rateLimitKey } from "../../lib/http/rate-limit";

const cidrs = (...texts: string[]) => texts.map((t) => parseCidr(t)!);

describe("parseCidr / inAnyCidr", () => {
  it.each([
    ["10.0.0.0/8", "10.255.1.2", true],
    ["10.0.0.0/8", "11.0.0.1", false],
    ["10.0.0.0/8", "::ffff:10.1.2.3", true],
    ["192.168.1.7", "192.168.1.7", true],
    ["192.168.1.7", "192.168.1.8", false],
    ["0.0.0.0/0", "203.0.113.9", true],
    ["0.0.0.0/0", "2001:db8::1", false],
    ["2001:db8::/32", "2001:db8:ffff::1", true],
    ["2001:db8::/32", "2001:db9::1", false],
    ["::1", "::1", true],
    ["::/0", "10.0.0.1", false],
    ["fd00::/8", "fd12:3456::1", true],
    ["::ffff:10.0.0.0/104", "10.9.9.9", true],
    ["10.0.0.1/24", "10.0.0.200", true],
  ])("%s contains %s: %s", (cidr, address, inside) => {
    expect(inAnyCidr(cidrs(cidr), address)).toBe(inside);
  });

  it.each(["10.0.0.0/33", "2001:db8::/129", "10.0.0/8", "10.0.0.0/x", "example.com", "", "10.0.0.0/8/8", "fe80::1%eth0", "1.2.3.4/-1"])("refuses %j", (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  it("reads mapped and embedded IPv4", () => {
    expect(parseIp("::ffff:127.0.0.1")).toEqual({ family: 4, value: 0x7f000001n });
    expect(parseIp("64:ff9b::192.0.2.33")?.family).toBe(6);
  });
});

describe("parseForwarded (RFC 7239)", () => {
  it.each([
    ["for=192.0.2.60;proto=http;by=203.0.113.43", [{ for: "192.0.2.60", proto: "http" }]],
    ['for="[2001:db8:cafe::17]:4711"', [{ for: "[2001:db8:cafe::17]:4711" }]],
    ["for=192.0.2.43, for=198.51.100.17", [{ for: "192.0.2.43" }, { for: "198.51.100.17" }]],
    ['For="192.0.2.1";Host="kw.example:443";Proto=HTTPS', [{ for: "192.0.2.1", host: "kw.example:443", proto: "HTTPS" }]],
    ['for="a,b";proto=https', [{ for: "a,b", proto: "https" }]],
    ["for=unknown", [{ for: "unknown" }]],
  ])("%s", (header, hops) => {
    expect(parseForwarded(header)).toEqual(hops);
  });

  it.each([
    ["192.0.2.1", "192.0.2.1"],
    ["192.0.2.1:8080", "192.0.2.1"],
    ["[2001:db8::1]:443", "2001:db8::1"],
    ["[2001:db8::1]", "2001:db8::1"],
    ["2001:db8::1", "2001:db8::1"],
    ["::ffff:192.0.2.1", "192.0.2.1"],
    ["::FFFF:192.0.2.1", "192.0.2.1"],
    ["[::ffff:192.0.2.1]:443", "192.0.2.1"],
    ["::ffff:c000:201", "192.0.2.1"],
    ["192.000.2.1", undefined],
    ["::ffff:192.000.2.1", undefined],
    ["unknown", undefined],
    ["_hidden", undefined],
    ["", undefined],
  ])("nodeAddress(%j) -> %j", (text, address) => {
    expect(nodeAddress(text)).toBe(address);
  });
});

const LB = "10.0.0.5";
const facts = (peer: string, headers: RequestFacts["headers"], encrypted = false): RequestFacts => ({ peer, encrypted, headers: { host: "10.0.0.9:3000", ...headers } });

describe("resolveClientInfo", () => {
  const trusted = cidrs("10.0.0.0/24", "2001:db8:1::/48");
  it.each<[string, RequestFacts, { address: string; secure: boolean; host: string; proxied: boolean }]>([
    ["no proxy: the socket", facts("203.0.113.9", {}), { address: "203.0.113.9", secure: false, host: "10.0.0.9:3000", proxied: false }],
    ["TLS to us", facts("203.0.113.9", {}, true), { address: "203.0.113.9", secure: true, host: "10.0.0.9:3000", proxied: false }],
    ["a mapped peer", facts("::ffff:203.0.113.9", {}), { address: "203.0.113.9", secure: false, host: "10.0.0.9:3000", proxied: false }],
    [
      "an untrusted peer's headers are ignored",
      facts("203.0.113.9", { "x-forwarded-for": "1.2.3.4", "x-forwarded-proto": "https", "x-forwarded-host": "evil.example" }),
      { address: "203.0.113.9", secure: false, host: "10.0.0.9:3000", proxied: true },
    ],
    [
      "an untrusted peer's Forwarded is ignored",
      facts("203.0.113.9", { forwarded: "for=1.2.3.4;proto=https" }),
      { address: "203.0.113.9", secure: false, host: "10.0.0.9:3000", proxied: true },
    ],
    ["X-Real-IP marks the request proxied, nothing more", facts("127.0.0.1", { "x-real-ip": "1.2.3.4" }), { address: "127.0.0.1", secure: false, host: "10.0.0.9:3000", proxied: true }],
    [
      "a trusted proxy's X-Forwarded-*",
      facts(LB, { "x-forwarded-for": "198.51.100.7", "x-forwarded-proto": "https", "x-forwarded-host": "kw.example.com" }),
      { address: "198.51.100.7", secure: true, host: "kw.example.com", proxied: true },
    ],
    [
      "a spoofed left-most entry is passed over: the right-most untrusted one counts",
      facts(LB, { "x-forwarded-for": "6.6.6.6, 198.51.100.7", "x-forwarded-proto": "https" }),
      { address: "198.51.100.7", secure: true, host: "10.0.0.9:3000", proxied: true },
    ],
    [
      "a chain of trusted proxies is walked through",
      facts(LB, { "x-forwarded-for": "6.6.6.6, 198.51.100.7, 10.0.0.7", "x-forwarded-proto": "https" }),
      { address: "198.51.100.7", secure: true, host: "10.0.0.9:3000", proxied: true },
    ],
    [
      "every hop trusted: the left-most",
      facts(LB, { "x-forwarded-for": "10.0.0.8, 10.0.0.7" }),
      { address: "10.0.0.8", secure: false, host: "10.0.0.9:3000", proxied: true },
    ],
    [
      "per-hop X-Forwarded-Proto follows the chosen hop",
      facts(LB, { "x-forwarded-for": "198.51.100.7, 10.0.0.7", "x-forwarded-proto": "https, http" }),
      { address: "198.51.100.7", secure: true, host: "10.0.0.9:3000", proxied: true },
    ],
    [
      "a trusted proxy's Forwarded, preferred to X-Forwarded-For",
      facts(LB, { forwarded: 'for="[2001:db8:cafe::17]:4711";proto=https;host=kw.example.com', "x-forwarded-for": "6.6.6.6" }),
      { address: "2001:db8:cafe::17", secure: true, host: "kw.example.com", proxied: true },
    ],
    [
      "Forwarded through two trusted proxies",
      facts("2001:db8:1::2", { forwarded: "for=198.51.100.7;proto=https;host=kw.example.com, for=10.0.0.7;proto=http" }),
      { address: "198.51.100.7", secure: true, host: "kw.example.com", proxied: true },
    ],
    [
      "Forwarded for=unknown leaves the proxy as the client",
      facts(LB, { forwarded: "for=unknown;proto=https" }),
      { address: LB, secure: true, host: "10.0.0.9:3000", proxied: true },
    ],
    [
      "proto=http from a trusted proxy on a TLS socket: the client's hop was plain",
      facts(LB, { "x-forwarded-for": "198.51.100.7", "x-forwarded-proto": "http" }, true),
      { address: "198.51.100.7", secure: false, host: "10.0.0.9:3000", proxied: true },
    ],
    [
      "a host with odd characters is not believed",
      facts(LB, { "x-forwarded-for": "198.51.100.7", "x-forwarded-host": "evil.example/<x>" }),
      { address: "198.51.100.7", secure: false, host: "10.0.0.9:3000", proxied: true },
    ],
  ])("%s", (_what, request, expected) => {
    expect(resolveClientInfo(request, trusted)).toEqual(expected);
  });

  it("with no trusted proxies, headers are ignored even from loopback", () => {
    expect(resolveClientInfo(facts("127.0.0.1", { "x-forwarded-for": "1.2.3.4", "x-forwarded-proto": "https" }), []).address).toBe("127.0.0.1");
  });
});

describe("rateLimitKey: IPv4 by address, IPv6 by /64", () => {
  it.each([
    ["203.0.113.9", "203.0.113.9"],
    ["::ffff:203.0.113.9", "203.0.113.9"],
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2:0:0:0:0/64"],
    ["2001:db8:1:2::ffff", "2001:db8:1:2:0:0:0:0/64"],
    ["2001:0db8:0001:0002::1", "2001:db8:1:2:0:0:0:0/64"],
    ["2001:db8:1:3::1", "2001:db8:1:3:0:0:0:0/64"],
    ["::1", "0:0:0:0:0:0:0:0/64"],
    ["unknown", "unknown"],
  ])("%s -> %s", (address, key) => {
    expect(rateLimitKey(address)).toBe(key);
  });
});
