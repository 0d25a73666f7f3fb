/**
 * How an offer reaches its worker once it is kept: as a Preview in every open window of the
 * worker (B5), and, when the worker has no window open, also as a native IM invitation (B7)
 * whose link opens a window that then shows the same Preview. The Preview is announced either
 * way: a window that opens while the invitation is out shows it at once (B8).
 */
import type { Interaction } from "../../../domain/interaction";
import type { InteractionContext } from "../context";

/** What the offer path needs of the invitations (lib/connector/invitations/invitations.ts). */
export interface OfferInviter {
  /** Whether the worker has a window open that can show a Preview. */
  hasWindow(worker: string): boolean;
  /** Sends an invitation for this kept offer; returns at once (delivery runs off the step runner). */
  invite(offered: Interaction): void;
  /**
   * Asked when an offer runs out: whether it went out as an invitation and no window of the
   * worker has been open since (then it counts as a Reject, B7).
   */
  wasUnseenInvitation(offerId: string): boolean;
}

export function deliverOffer(ctx: InteractionContext, offered: Interaction): void {
  ctx.announce.offer(offered);
  const inviter = ctx.inviter;
  const worker = offered.worker;
  if (!inviter || !worker || inviter.hasWindow(worker)) return;
  // NOTE: the invitation leaves only once the offer it links to is on disk.
  ctx.steps.afterDurable(() => inviter.invite(offered));
}
