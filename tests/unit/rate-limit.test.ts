import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../lib/http/rate-limit";

describe("RateLimiter", () => {
  it("allows the burst, then one per refill interval, per key", () => {
    const limiter = new RateLimiter({ burst: 2, perMinute: 6 }); // one token per 10 s
    const t0 = 1_000_000;
    expect(limiter.take("a", t0)).toBe(0);
    expect(limiter.take("a", t0)).toBe(0);
    expect(limiter.take("a", t0)).toBe(10);
    expect(limiter.take("b", t0)).toBe(0); // another caller is not affected
    expect(limiter.take("a", t0 + 5_000)).toBe(5);
    expect(limiter.take("a", t0 + 10_000)).toBe(0);
    expect(limiter.take("a", t0 + 10_001)).toBeGreaterThan(0);
  });

  it("forgets the oldest callers past maxKeys", () => {
    const limiter = new RateLimiter({ burst: 1, perMinute: 1, maxKeys: 2 });
    expect(limiter.take("a", 0)).toBe(0);
    expect(limiter.take("b", 0)).toBe(0);
    expect(limiter.take("c", 0)).toBe(0); // "a" forgotten
    expect(limiter.take("a", 0)).toBe(0);
    expect(limiter.take("c", 0)).toBeGreaterThan(0);
  });
});
