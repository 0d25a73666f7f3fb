/**
 * IP addresses and CIDR ranges, IPv4 and IPv6, as numbers: pure, for the trusted-proxies check
 * and the chat-start limit's key. An IPv4-mapped IPv6 address (::ffff:a.b.c.d, how Node reports
 * an IPv4 peer on a dual-stack socket) is the IPv4 address.
 */
import { isIPv4, isIPv6 } from "node:net";

export interface IpAddress {
  family: 4 | 6;
  value: bigint;
}

export interface Cidr {
  family: 4 | 6;
  base: bigint;
  prefix: number;
}

const BITS = { 4: 32, 6: 128 } as const;

function ipv4Value(text: string): bigint {
  return text.split(".").reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
}

/** The 8 hextets of an IPv6 address (with `::` expanded and a trailing IPv4 part converted). */
function ipv6Value(text: string): bigint {
  let head = text;
  let tail4: bigint | undefined;
  const lastColon = text.lastIndexOf(":");
  if (text.includes(".", lastColon)) {
    tail4 = ipv4Value(text.slice(lastColon + 1));
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const [left, right] = head.includes("::") ? head.split("::") : [head, undefined];
  const leftParts = left ? left.split(":") : [];
  const rightParts = right ? right.split(":") : [];
  const zeros = right === undefined ? [] : new Array(8 - leftParts.length - rightParts.length).fill("0");
  const hextets = [...leftParts, ...zeros, ...rightParts];
  let value = hextets.reduce((n, h) => (n << 16n) | BigInt(parseInt(h, 16)), 0n);
  if (tail4 !== undefined) value = (value & ~0xffffffffn) | tail4;
  return value;
}

/** An address as written (no brackets, no port, no zone), or undefined for anything else. */
export function parseIp(text: string): IpAddress | undefined {
  if (isIPv4(text)) return { family: 4, value: ipv4Value(text) };
  if (!isIPv6(text) || text.includes("%")) return undefined;
  const value = ipv6Value(text);
  if (value >> 32n === 0xffffn) return { family: 4, value: value & 0xffffffffn };
  return { family: 6, value };
}

/** `10.0.0.0/8`, `2001:db8::/32`, or a single address (its own /32 or /128); undefined when malformed. */
export function parseCidr(text: string): Cidr | undefined {
  const [addressText, prefixText, extra] = text.trim().split("/");
  if (extra !== undefined) return undefined;
  const address = parseIp(addressText);
  if (!address) return undefined;
  // NOTE: a mapped IPv4 range (::ffff:10.0.0.0/104) is written in IPv6 bits; move it to IPv4's.
  const mapped = address.family === 4 && isIPv6(addressText);
  const bits = BITS[address.family];
  if (prefixText === undefined) return { family: address.family, base: address.value, prefix: bits };
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText) - (mapped ? 96 : 0);
  if (prefix < 0 || prefix > bits) return undefined;
  return { family: address.family, base: mask(address.value, prefix, bits), prefix };
}

function mask(value: bigint, prefix: number, bits: number): bigint {
  const hostBits = BigInt(bits - prefix);
  return (value >> hostBits) << hostBits;
}

export function cidrContains(cidr: Cidr, address: IpAddress): boolean {
  return cidr.family === address.family && mask(address.value, cidr.prefix, BITS[cidr.family]) === cidr.base;
}

/** Whether the address (as text) lies in any of the ranges; false for text that is no address. */
export function inAnyCidr(cidrs: readonly Cidr[], addressText: string): boolean {
  if (cidrs.length === 0) return false;
  const address = parseIp(addressText);
  return address !== undefined && cidrs.some((cidr) => cidrContains(cidr, address));
}

/** The address written back as text: IPv4 dotted, IPv6 as 8 full hextets. */
export function formatIp(address: IpAddress): string {
  if (address.family === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => String((address.value >> shift) & 0xffn)).join(".");
  }
  return Array.from({ length: 8 }, (_, i) => ((address.value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(":");
}

/** The network of `prefix` bits the address is in, as `<first address>/<prefix>` (a rate-limit key). */
export function networkOf(address: IpAddress, prefix: number): string {
  const base = mask(address.value, prefix, BITS[address.family]);
  return `${formatIp({ family: address.family, value: base })}/${prefix}`;
}
