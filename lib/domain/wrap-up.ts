/**
 * After-call work: once an interaction ends, the worker may be set to After Call Work for
 * `routing.wrap-up-time` seconds (0 = none), pick a disposition code and write a note, then Done.
 */
import type { Presence } from "./presence";

export interface WrapUp {
  startedAt: string;
  /** Whether this wrap-up set the worker's presence to After Call Work. */
  acw: boolean;
  /** When the after-call work runs out (Done comes by itself), when a wrap-up time is set. */
  until?: string;
  /** The presence the worker had before After Call Work, to go back to afterwards. */
  presenceBefore?: Presence;
  disposition?: string;
  note?: string;
  endedAt?: string;
}

/** Notes are short: a line or two for the record, not a report. */
export const WRAP_UP_NOTE_MAX_CHARS = 1000;

/** Why a disposition code is refused, or undefined when it may be used. */
export function dispositionProblem(code: string | undefined, configured: readonly string[]): string | undefined {
  if (code === undefined) return undefined;
  if (configured.length === 0) return "no dispositions are configured (routing.dispositions)";
  if (!configured.includes(code)) return `"${code}" is not a configured disposition (use ${configured.join(", ")})`;
  return undefined;
}

/**
 * The wrap-up an ending interaction starts. `acwFrom` is the presence the worker has now when
 * After Call Work should start, or undefined when it should not (no wrap-up time, or the worker
 * is in After Call Work already, in which case `carriedBefore` is the presence to return to).
 */
export function startWrapUp(at: Date, wrapUpSeconds: number, current: Presence, carriedBefore?: Presence): WrapUp {
  const startedAt = at.toISOString();
  if (wrapUpSeconds <= 0) return { startedAt, acw: false };
  const until = new Date(at.getTime() + wrapUpSeconds * 1000).toISOString();
  const presenceBefore = current === "after-call-work" ? carriedBefore : current;
  return { startedAt, acw: true, until, ...(presenceBefore ? { presenceBefore } : {}) };
}

/**
 * What presence to return to when a wrap-up ends: the one before After Call Work, unless the
 * worker chose another by hand meanwhile (that choice wins) or other after-call work still runs.
 */
export function presenceAfterWrapUp(wrapUp: WrapUp | undefined, current: Presence, othersInAcw: number): Presence | undefined {
  if (!wrapUp?.acw || current !== "after-call-work" || othersInAcw > 0) return undefined;
  return wrapUp.presenceBefore ?? "available";
}
