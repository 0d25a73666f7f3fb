/** One timer per open offer, fired at its deadline by the connector's clock. */
import type { Clock } from "../../ports";

/** NOTE: setTimeout holds at most about 24.8 days; no Preview waits that long. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export class OfferTimers {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly clock: Clock) {}

  schedule(offerId: string, deadline: string, fire: () => void): void {
    this.cancel(offerId);
    const left = Date.parse(deadline) - this.clock.now().getTime();
    const timer = setTimeout(() => {
      // NOTE: a timer can fire a millisecond before the clock reaches the deadline (and a long
      // one is capped): until the deadline has really passed, wait the rest.
      if (this.clock.now().getTime() < Date.parse(deadline)) {
        this.schedule(offerId, deadline, fire);
        return;
      }
      this.timers.delete(offerId);
      fire();
    }, Math.min(MAX_DELAY_MS, Math.max(0, left)));
    this.timers.set(offerId, timer);
  }

  cancel(offerId: string): void {
    const timer = this.timers.get(offerId);
    if (timer) clearTimeout(timer);
    this.timers.delete(offerId);
  }

  get size(): number {
    return this.timers.size;
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
