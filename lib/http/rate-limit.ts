/**
 * A token bucket per key (the caller's address), for the one public call that creates work:
 * starting a chat. In memory: it resets with the process, which is fine for a limit this coarse.
 */
import { networkOf, parseIp } from "./ip";

/**
 * IPv6 addresses are counted by their /64. NOTE: one IPv6 subscriber usually holds a whole /64
 * and may pick any address in it; counted one by one, a client could start a chat from each.
 */
export const IPV6_LIMIT_PREFIX = 64;

/** The key a client address is counted under: itself for IPv4, its /64 for IPv6; the text as given otherwise. */
export function rateLimitKey(address: string): string {
  const parsed = parseIp(address);
  if (!parsed) return address;
  return parsed.family === 6 ? networkOf(parsed, IPV6_LIMIT_PREFIX) : networkOf(parsed, 32).replace(/\/32$/, "");
}

export interface RateLimitOptions {
  /** Requests allowed at once. */
  burst: number;
  /** Requests added back per minute. */
  perMinute: number;
  /** Keys remembered at most (oldest dropped first). */
  maxKeys?: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly options: RateLimitOptions) {}

  /** Takes one request from `key`'s bucket: 0 when allowed, else the seconds until it would be. */
  take(key: string, now = Date.now()): number {
    const { burst, perMinute } = this.options;
    const refillPerMs = perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) * refillPerMs);
    bucket.at = now;
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > (this.options.maxKeys ?? 10_000)) {
      this.buckets.delete(this.buckets.keys().next().value!);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / refillPerMs / 1000);
  }
}
