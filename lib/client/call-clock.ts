/**
 * Timers that count on the connector's clock: a call's duration since it was answered, and the
 * time left of after-call work. Both come from the connector's timestamps, so they survive a
 * reload and a browser clock that is off.
 */

/** How far the connector's clock is ahead of this browser's, from a view's `serverTime`. */
export function skewOf(serverTime: string, receivedAt = Date.now()): number {
  return Date.parse(serverTime) - receivedAt;
}

/** "m:ss" (or "h:mm:ss") of a non-negative duration in ms. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}
