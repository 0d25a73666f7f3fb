/**
 * At start, everything in memory is rebuilt from the store: the book of open interactions in
 * queue order, the board of who is Ready with what load, and the timers of open offers, transfer
 * invitations and after-call work. Without a restart grace each keeps its original deadline (one
 * that passed while the connector was down fires at once); with one, the timers wait for the
 * grace to begin (./restart-grace.ts), which moves the deadlines inside it to its end.
 */
import type { InteractionContext } from "./context";
import { graceNeeded, scheduleOpenTimers } from "./restart-grace";

/** Resolves with whether a restart grace is to begin before the timers run. */
export async function restoreInteractions(ctx: InteractionContext): Promise<boolean> {
  const workers = await ctx.store.listWorkers();
  const open = await ctx.store.listOpenInteractions();
  ctx.book.restore(workers, open);
  ctx.board.reset(
    workers.map((w) => ({ id: w.id, ready: ctx.presence.isReady(w.presence), idleSince: w.idleSince })),
    open,
  );
  const grace = graceNeeded(ctx, workers, open);
  if (!grace) scheduleOpenTimers(ctx, open);
  ctx.logger.info({ open: open.length, offered: ctx.timers.size, grace }, "interactions restored");
  return grace;
}
