/**
 * A Preview's countdown running out (B6): the interaction goes back to the queue, marked as
 * refused by that worker, and the worker is set to presence-after-timeout (Away) in the same
 * commit, so a crash can never leave a worker Available after a missed Preview.
 *
 * An IM invitation nobody opened in time (no window of the worker was open since it went out)
 * counts as a Reject instead (B7): InteractionRejected, and the presence is left alone.
 */
import * as lifecycle from "../../../domain/interaction";
import type { Interaction, Offer, OpenOffer } from "../../../domain/interaction";
import type { PresenceChange } from "../../presence-service";
import { event, type InteractionContext } from "../context";

/** How long to wait before trying again when the write that ends an offer failed. */
export const EXPIRY_RETRY_MS = 1_000;

/** Starts (or restarts) the timer of the interaction's open offer. */
export function scheduleExpiry(ctx: InteractionContext, i: Interaction, at: string | undefined = i.offer?.deadline): void {
  const offer = i.offer;
  if (!offer || !at) return;
  ctx.timers.schedule(offer.id, at, () => {
    ctx.steps.run("offer-timeout", () => expire(ctx, i.id, offer.id)).catch((error) => {
      // NOTE: the offer stays open; it keeps a timer, so it is tried again rather than forgotten.
      ctx.logger.error({ err: error, interaction: i.id, offer: offer.id }, "offer timeout could not be kept; trying again");
      const retryAt = new Date(ctx.clock.now().getTime() + EXPIRY_RETRY_MS).toISOString();
      const current = ctx.book.openOne(i.id);
      if (current?.state === "offered" && current.offer?.id === offer.id) scheduleExpiry(ctx, current, retryAt);
    });
  });
}

/** A worker who let a Preview run out has probably walked away: the presence change that stops offers to them. */
export async function presenceAfterTimeout(ctx: InteractionContext, worker: string): Promise<PresenceChange | undefined> {
  const after = ctx.settings.presenceAfterTimeout;
  const current = after === "none" ? undefined : await ctx.store.getWorker(worker);
  return current && after !== "none" ? ctx.presence.plan(current, after, "system") : undefined;
}

async function expire(ctx: InteractionContext, interactionId: string, offerId: string): Promise<void> {
  const i = ctx.book.openOne(interactionId);
  if (!i) return;
  const result = lifecycle.timeOut(i, offerId, ctx.clock.now());
  if (result.refused) {
    // Answered meanwhile; or, if it is still this offer, not quite due yet: wait the rest.
    if (i.state === "offered" && i.offer?.id === offerId) scheduleExpiry(ctx, i);
    return;
  }
  const worker = i.offer!.worker;
  const at = ctx.clock.now().toISOString();
  if (ctx.inviter?.wasUnseenInvitation(offerId)) return invitationNotAccepted(ctx, i, result, worker, at);
  const presence = await presenceAfterTimeout(ctx, worker);
  await ctx.book.persist({
    interaction: result.interaction,
    closedOffer: result.closedOffer,
    events: [event("InteractionTimedOut", i, worker, at), ...(presence ? [presence.event] : [])],
    ...(presence ? { presence: presence.update } : {}),
  });
  ctx.board.release(worker, i.media);
  ctx.announce.offerClosed(i, result.closedOffer!);
  ctx.announce.state(result.interaction, worker);
  if (presence) ctx.presence.applied(presence);
  ctx.logger.info({ interaction: i.id, worker }, "offer timed out");
  ctx.kick();
}

/**
 * The invitation was not accepted in time: it counts as a Reject (B7), as the source document
 * says. The worker saw no Preview and was told nothing about going Away; whether they are still
 * at their desk is the UC client's presence to tell (presence synchronisation).
 */
async function invitationNotAccepted(ctx: InteractionContext, i: Interaction, result: lifecycle.Transition, worker: string, at: string): Promise<void> {
  const closedOffer: Offer = { ...(result.closedOffer as Exclude<Offer, OpenOffer>), status: "rejected" };
  await ctx.book.persist({
    interaction: result.interaction,
    closedOffer,
    events: [{ ...event("InteractionRejected", i, worker, at), reasons: { invitation: "not-accepted" } }],
  });
  ctx.board.release(worker, i.media);
  // NOTE: the invitation itself says what the worker saw: it ran out.
  ctx.announce.offerClosed(i, closedOffer, "timed-out");
  ctx.announce.state(result.interaction, worker);
  ctx.logger.info({ interaction: i.id, worker }, "invitation not accepted in time: counted as a Reject");
  ctx.kick();
}
