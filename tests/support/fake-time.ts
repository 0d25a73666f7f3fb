/** Fake-timer helpers for tests of the connector's timers (vitest's fake timers must be on). */
import { vi } from "vitest";

/**
 * Advances fake time by `ms` and lets every step the timers started run to its end, twice: a
 * step that ends may arm a timer that is already due.
 */
export async function advanceAndSettle(ms: number, services: { settled(): Promise<void> }): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  await services.settled();
  await vi.advanceTimersByTimeAsync(0);
  await services.settled();
}
