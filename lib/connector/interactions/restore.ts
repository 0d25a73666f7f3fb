/**
 * At start, everything in memory is rebuilt from the store: the book of open interactions in
 * queue order, the board of who is Ready with what load, and the timers of open offers, transfer
 * invitations and after-call work, each with its original deadline (a deadline that passed while
 * the connector was down fires at once).
 */
import type { InteractionContext } from "./context";
import { scheduleWrapUpEnd } from "./finish-interaction";
import { scheduleExpiry } from "./offers/expire-offer";
import { scheduleInviteExpiry } from "./transfers/expire-transfer";

export async function restoreInteractions(ctx: InteractionContext): Promise<void> {
  const workers = await ctx.store.listWorkers();
  const open = await ctx.store.listOpenInteractions();
  ctx.book.restore(workers, open);
  ctx.board.reset(
    workers.map((w) => ({ id: w.id, ready: ctx.presence.isReady(w.presence), idleSince: w.idleSince })),
    open,
  );
  for (const i of open) {
    if (i.state === "offered") scheduleExpiry(ctx, i);
    if (i.invite?.stage === "offered") scheduleInviteExpiry(ctx, i);
    if (i.state === "wrap-up") scheduleWrapUpEnd(ctx, i);
  }
  ctx.logger.info({ open: open.length, offered: ctx.timers.size }, "interactions restored");
}
