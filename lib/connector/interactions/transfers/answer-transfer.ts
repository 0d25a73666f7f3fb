/**
 * The invited worker answers an invitation's Preview. Accept: a transfer is theirs (the first
 * worker is told it went); a consultation starts; a conference gains a party. Reject: the first
 * worker keeps it and is told.
 */
import type { Interaction } from "../../../domain/interaction";
import * as transfer from "../../../domain/transfer";
import { event, systemLines, unwrap, type InteractionContext } from "../context";

export function createAnswerTransfer(ctx: InteractionContext) {
  return function answerTransfer(kind: "accept" | "reject", workerId: string, interactionId: string, offerId: string): Promise<Interaction> {
    return ctx.steps.run(`invite-${kind}`, async () => {
      const i = await ctx.book.load(interactionId);
      const now = ctx.clock.now();
      const at = now.toISOString();
      const result = unwrap(kind === "accept" ? transfer.acceptInvite(i, offerId, workerId, now) : transfer.refuseInvite(i, offerId, workerId, now, "rejected"));
      const inv = i.invite!;
      const first = i.worker!;
      const name = ctx.book.workerName(workerId) ?? workerId;
      const next = result.interaction;
      const events = [event(kind === "accept" ? "InteractionAccepted" : "InteractionRejected", i, workerId, at, { purpose: inv.purpose })];
      if (kind === "accept" && inv.purpose === "transfer") events.push(event("TransferCompleted", i, first, at, { to: workerId }));
      if (kind === "accept" && inv.purpose === "conference") events.push(event("ConferenceJoined", i, workerId, at));
      const messages = kind === "accept" && inv.purpose === "transfer" ? systemLines(ctx, i, `${name} joined the chat`) : [];
      await ctx.book.persist({ interaction: next, closedOffer: result.closedOffer, events, messages });
      ctx.steps.afterDurable(() => ctx.timers.cancel(offerId));
      ctx.announce.offerClosed(i, result.closedOffer!);
      if (kind === "reject") {
        ctx.board.release(workerId, i.media);
        ctx.announce.notice(first, i, "transfer-rejected", name);
        ctx.kick();
      } else if (inv.purpose === "transfer") {
        ctx.board.release(first, i.media);
        ctx.announce.gone(first, i, "transferred", name);
        ctx.kick();
      }
      ctx.announce.state(next);
      for (const m of messages) ctx.announce.message(next, m);
      return next;
    });
  };
}
