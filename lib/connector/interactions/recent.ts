/**
 * Recent interactions (issue 20): what the worker finished since a time it names (its local
 * midnight), newest first. Read from the store, not the book: the book forgets what is done.
 */
import { AppError } from "../../errors";
import type { Interaction } from "../../domain/interaction";
import type { RecentInteractionView } from "../../protocol";
import { readDurably } from "../durable-read";
import type { InteractionContext } from "./context";

/** How far back `since` may reach: a local day anywhere on Earth starts within 48 h. */
export const RECENT_WINDOW_MS = 48 * 60 * 60 * 1000;
/** NOTE: a browser's clock a little ahead of the connector's still names a valid day. */
export const RECENT_CLOCK_SKEW_MS = 5 * 60 * 1000;
/** The most one answer lists. */
export const RECENT_MAX = 50;

export function recentView(i: Interaction): RecentInteractionView {
  return {
    id: i.id,
    media: i.media,
    from: i.from,
    subject: i.subject,
    doneAt: i.updatedAt,
    ...(i.wrapUp?.disposition !== undefined ? { disposition: i.wrapUp.disposition } : {}),
    ...(i.wrapUp?.note ? { note: i.wrapUp.note } : {}),
  };
}

export function createRecent(ctx: InteractionContext) {
  /** The worker's done interactions since `since` (at most RECENT_WINDOW_MS ago), at most `limit`. */
  return async function recentFor(workerId: string, since: Date, limit = RECENT_MAX): Promise<RecentInteractionView[]> {
    const now = ctx.clock.now().getTime();
    if (since.getTime() < now - RECENT_WINDOW_MS) throw new AppError("bad_request", "since must be within the last 48 hours");
    if (since.getTime() > now + RECENT_CLOCK_SKEW_MS) throw new AppError("bad_request", "since must not be in the future");
    const done = await readDurably(ctx.store, () => ctx.store.listRecentInteractions(workerId, since.toISOString(), Math.min(limit, RECENT_MAX)));
    return done.map(recentView);
  };
}
