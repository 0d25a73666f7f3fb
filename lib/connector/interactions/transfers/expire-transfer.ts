/**
 * An invitation's countdown running out, like any Preview's: the invited worker is set to
 * presence-after-timeout in the same commit (or, when it went out as an IM invitation nobody
 * opened, it counts as a Reject), and the first worker keeps the interaction and is told so.
 */
import type { Interaction, Offer, OpenOffer } from "../../../domain/interaction";
import * as transfer from "../../../domain/transfer";
import { event, type InteractionContext } from "../context";
import { EXPIRY_RETRY_MS, presenceAfterTimeout } from "../offers/expire-offer";

export function scheduleInviteExpiry(ctx: InteractionContext, i: Interaction, at: string | undefined = i.invite?.offer.deadline): void {
  const inv = i.invite;
  if (!inv || inv.stage !== "offered" || !at) return;
  const offerId = inv.offer.id;
  ctx.timers.schedule(offerId, at, () => {
    ctx.steps.run("invite-timeout", () => expire(ctx, i.id, offerId)).catch((error) => {
      ctx.logger.error({ err: error, interaction: i.id, offer: offerId }, "invitation timeout could not be kept; trying again");
      const current = ctx.book.openOne(i.id);
      if (current?.invite?.offer.id === offerId) scheduleInviteExpiry(ctx, current, new Date(ctx.clock.now().getTime() + EXPIRY_RETRY_MS).toISOString());
    });
  });
}

async function expire(ctx: InteractionContext, interactionId: string, offerId: string): Promise<void> {
  const i = ctx.book.openOne(interactionId);
  if (!i?.invite || i.invite.offer.id !== offerId) return;
  const result = transfer.refuseInvite(i, offerId, undefined, ctx.clock.now(), "timed-out");
  if (result.refused) {
    if (i.invite.stage === "offered") scheduleInviteExpiry(ctx, i);
    return;
  }
  const target = i.invite.offer.worker;
  const at = ctx.clock.now().toISOString();
  // NOTE: a hand-over that went out as an IM invitation nobody opened counts as a Reject (B7), as
  // a routed one does (../offers/expire-offer.ts): no Preview was missed, the presence stays.
  const unseen = ctx.inviter?.wasUnseenInvitation(offerId) ?? false;
  const presence = unseen ? undefined : await presenceAfterTimeout(ctx, target);
  const closedOffer: Offer = unseen ? { ...(result.closedOffer as Exclude<Offer, OpenOffer>), status: "rejected" } : result.closedOffer!;
  const ended = unseen
    ? event("InteractionRejected", i, target, at, { purpose: i.invite.purpose, invitation: "not-accepted" })
    : event("InteractionTimedOut", i, target, at, { purpose: i.invite.purpose });
  await ctx.book.persist({
    interaction: result.interaction,
    closedOffer,
    events: [ended, ...(presence ? [presence.event] : [])],
    ...(presence ? { presence: presence.update } : {}),
  });
  ctx.board.release(target, i.media);
  ctx.announce.offerClosed(i, closedOffer);
  ctx.announce.state(result.interaction);
  ctx.announce.notice(i.worker!, i, "transfer-timed-out", ctx.book.workerName(target) ?? target);
  if (presence) ctx.presence.applied(presence);
  ctx.kick();
}
