/**
 * The tracker keeps the total of open windows as windows change (the metric asks for it on every
 * change; summing every worker's count was O(workers) each time): on seeded random histories of
 * opens, closes, dropped sockets and returns, the total is always the sum of the workers' counts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { WindowTracker } from "../../lib/connector/window-tracker";
import { prng } from "../support/prng";

const WORKERS = ["kw1", "kw2", "kw3", "kw4"];
const CLIENTS = Array.from({ length: 12 }, (_, i) => `c${i}`);

describe("WindowTracker's total", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("is the sum of the workers' counts after every change, on 100 seeded histories", () => {
    for (let seed = 1; seed <= 100; seed++) {
      const rand = prng(seed);
      const totals: number[] = [];
      const tracker: WindowTracker = new WindowTracker({ detachGraceMs: 1_000, onChange: () => totals.push(tracker.total()) });
      for (let step = 0; step < 200; step++) {
        const client = rand.pick(CLIENTS);
        const roll = rand.int(5);
        if (roll === 0) tracker.open(client, rand.pick(WORKERS));
        else if (roll === 1) tracker.close(client);
        else if (roll === 2) tracker.socketClosed([client, rand.pick(CLIENTS)]);
        else if (roll === 3) tracker.touch(client);
        else vi.advanceTimersByTime(rand.int(1_500));
        const sum = WORKERS.reduce((total, w) => total + tracker.count(w), 0);
        expect(tracker.total(), `seed ${seed}, step ${step}`).toBe(sum);
      }
      expect(totals.every((t) => t >= 0)).toBe(true);
      tracker.dispose();
      expect(tracker.total()).toBe(0);
    }
  });
});
