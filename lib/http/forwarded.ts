/**
 * Who sent a request, as far as it can be believed: pure, from the peer address, the socket's
 * TLS and the headers. Proxy headers (`Forwarded`, RFC 7239; else `X-Forwarded-For|Proto|Host`)
 * are read only when the peer is a trusted proxy; from anyone else they are ignored.
 */
import { isIPv4 } from "node:net";
import { formatIp, inAnyCidr, parseIp, type Cidr } from "./ip";

export interface ClientInfo {
  /** The client's address: the right-most address in the proxies' chain that is not a trusted proxy. */
  address: string;
  /** Whether the client's request came over TLS (to us, or to the trusted proxy it went through). */
  secure: boolean;
  /** The Host the client addressed (`name[:port]`), or "" when none was given. */
  host: string;
  /** Whether the request carries any proxy header at all (believed or not). */
  proxied: boolean;
}

export interface RequestFacts {
  /** The TCP peer (Node's socket.remoteAddress). */
  peer: string | undefined;
  /** Whether the TCP connection itself is TLS. */
  encrypted: boolean;
  headers: Record<string, string | string[] | undefined>;
}

/** Headers a proxy adds; a request that carries one is never "local". */
export const PROXY_HEADERS = ["forwarded", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-real-ip"] as const;

/** One hop as a proxy reported it: who sent it the request, over what, to which host. */
interface Hop {
  for?: string;
  proto?: string;
  host?: string;
}

const header = (headers: RequestFacts["headers"], name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
};

const list = (value: string | undefined): string[] =>
  value === undefined ? [] : value.split(",").map((item) => item.trim()).filter(Boolean);

/** Splits on `sep` outside double quotes. */
function splitOutsideQuotes(text: string, sep: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === sep && !quoted) {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

const unquote = (value: string) => (value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? value.slice(1, -1).replace(/\\(.)/g, "$1") : value);

/** RFC 7239 `Forwarded`: one element per hop, oldest (the client's side) first. */
export function parseForwarded(value: string): Hop[] {
  return splitOutsideQuotes(value, ",").map((element) => {
    const hop: Hop = {};
    for (const pair of splitOutsideQuotes(element, ";")) {
      const eq = pair.indexOf("=");
      if (eq < 0) continue;
      const name = pair.slice(0, eq).trim().toLowerCase();
      const text = unquote(pair.slice(eq + 1).trim());
      if (name === "for" || name === "proto" || name === "host") hop[name] ??= text;
    }
    return hop;
  });
}

/** An address from a peer, `for=` or X-Forwarded-For entry: brackets and port dropped; undefined if none. */
export function nodeAddress(text: string | undefined): string | undefined {
  if (!text) return undefined;
  // NOTE: the common cases, every request's TCP peer, without the general parse: a dotted IPv4
  // address (isIPv4 takes only the canonical form) and the same mapped on a dual-stack socket.
  if (isIPv4(text)) return text;
  if (text.length > 7 && text.slice(0, 7).toLowerCase() === "::ffff:" && isIPv4(text.slice(7))) return text.slice(7);
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  const candidate = bracketed ? bracketed[1] : /^[\d.]+:\d+$/.test(text) ? text.slice(0, text.lastIndexOf(":")) : text;
  const parsed = parseIp(candidate);
  // NOTE: an IPv4 peer on a dual-stack socket shows as ::ffff:a.b.c.d; it is the IPv4 address.
  return parsed?.family === 4 ? formatIp(parsed) : parsed ? candidate : undefined;
}

function hopsFromXForwarded(headers: RequestFacts["headers"]): Hop[] {
  const addresses = list(header(headers, "x-forwarded-for"));
  const protos = list(header(headers, "x-forwarded-proto"));
  const hosts = list(header(headers, "x-forwarded-host"));
  // NOTE: X-Forwarded-Proto/Host are one value per hop when their count matches the addresses'
  // (each proxy appended); else the nearest proxy set a single value for the client's request.
  const at = (values: string[], i: number) => (values.length === addresses.length ? values[i] : values[values.length - 1]);
  if (addresses.length === 0) return protos.length || hosts.length ? [{ proto: protos.at(-1), host: hosts.at(-1) }] : [];
  return addresses.map((address, i) => ({ for: address, proto: at(protos, i), host: at(hosts, i) }));
}

/** What a request's client is, believing proxy headers only from a peer in `trusted`. */
export function resolveClientInfo(facts: RequestFacts, trusted: readonly Cidr[]): ClientInfo {
  const peer = facts.peer ?? "";
  const direct: ClientInfo = {
    address: nodeAddress(peer) ?? peer,
    secure: facts.encrypted,
    host: header(facts.headers, "host") ?? "",
    proxied: PROXY_HEADERS.some((name) => facts.headers[name] !== undefined),
  };
  if (!inAnyCidr(trusted, direct.address)) return direct;
  const forwarded = header(facts.headers, "forwarded");
  const hops = forwarded !== undefined ? parseForwarded(forwarded) : hopsFromXForwarded(facts.headers);
  if (hops.length === 0) return direct;
  // Walk from the nearest hop outwards while the sender is itself a trusted proxy.
  let index = hops.length - 1;
  while (index > 0 && inAnyCidr(trusted, nodeAddress(hops[index].for) ?? "")) index--;
  const hop = hops[index];
  const proto = hop.proto?.toLowerCase();
  return {
    ...direct,
    // NOTE: an obfuscated or unknown `for` (RFC 7239 allows them) leaves the proxy as the client.
    address: nodeAddress(hop.for) ?? direct.address,
    secure: proto === "https" || proto === "wss" ? true : proto === "http" || proto === "ws" ? false : direct.secure,
    host: hop.host && /^[a-z0-9.\-[\]:]+$/i.test(hop.host) ? hop.host : direct.host,
  };
}
