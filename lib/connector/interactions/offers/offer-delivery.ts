/**
 * How an offer reaches its worker once it is kept: as a Preview in every open window of the
 * worker (B5), and, when the worker has no window open, also as a native IM invitation (B7)
 * whose link opens a window that then shows the same Preview. The Preview is announced either
 * way: a window that opens while the invitation is out shows it at once (B8). A hand-over's offer
 * (transfer, consultation, conference) to another worker takes the same path.
 */
import type { Interaction, OfferOutcome, OpenOffer } from "../../../domain/interaction";
import type { ChatMessageView } from "../../../protocol";
import type { InteractionContext } from "../context";

/** What the offer path needs of the invitations (lib/connector/invitations/invitations.ts). */
export interface OfferInviter {
  /** Whether the worker has a window open that can show a Preview. */
  hasWindow(worker: string): boolean;
  /**
   * Sends an invitation for this kept offer (the interaction's own, or a hand-over's to another
   * worker); returns at once (delivery runs off the step runner).
   */
  invite(offered: Interaction, offer: OpenOffer): void;
  /**
   * Asked when an offer runs out: whether it went out as an invitation and no window of the
   * worker has been open since (then it counts as a Reject, B7).
   */
  wasUnseenInvitation(offerId: string): boolean;
  /**
   * Once after a start (and its restart grace): invitations kept as out whose gateways' answer
   * never came (a crash in between) are sent again while their offer is open, else reported failed.
   */
  /**
   * An offer ended (accepted, rejected, timed out, withdrawn) and that is on disk: an invitation
   * sent for it says so where its gateway can (the Teams card is updated). Returns at once.
   */
  offerClosed?(worker: string, offerId: string, outcome: OfferOutcome): void;
  afterRestart?(findOpen: (offerId: string) => { interaction: Interaction; offer: OpenOffer } | undefined): void;
}

/**
 * The invitation for `offer` when its worker has no window open (B7). NOTE: it leaves only once
 * the offer it links to is on disk; in a restart grace (a hand-over made meanwhile) only once the
 * grace is over, if the offer is still open and no window of the worker has reconnected by then.
 */
function inviteIfNoWindow(ctx: InteractionContext, i: Interaction, offer: OpenOffer | undefined): void {
  const inviter = ctx.inviter;
  if (!inviter || !offer || inviter.hasWindow(offer.worker)) return;
  ctx.steps.afterDurable(() =>
    ctx.grace.afterGrace(() => {
      const open = findOpenOffer(ctx, offer.id);
      if (open && !inviter.hasWindow(offer.worker)) inviter.invite(open.interaction, open.offer);
    }),
  );
}

export function deliverOffer(ctx: InteractionContext, offered: Interaction): void {
  ctx.announce.offer(offered);
  inviteIfNoWindow(ctx, offered, offered.offer);
}

/** The open offer (the interaction's own, or a hand-over's) with this id. */
function findOpenOffer(ctx: InteractionContext, offerId: string): { interaction: Interaction; offer: OpenOffer } | undefined {
  for (const i of ctx.book.list()) {
    if (i.state === "offered" && i.offer?.id === offerId) return { interaction: i, offer: i.offer };
    if (i.invite?.stage === "offered" && i.invite.offer.id === offerId) return { interaction: i, offer: i.invite.offer };
  }
  return undefined;
}

/** After a start and its grace: what a crash cut off between an invitation's record and its answer. */
export function resumeInvitations(ctx: InteractionContext): void {
  ctx.inviter?.afterRestart?.((offerId) => findOpenOffer(ctx, offerId));
}

/** A hand-over's Preview (with the chat's transcript) to the invited worker, or its invitation (B7 applies to hand-overs too). */
export function deliverHandOver(ctx: InteractionContext, i: Interaction, messages?: ChatMessageView[]): void {
  ctx.announce.invitation(i, messages);
  if (i.invite?.stage === "offered") inviteIfNoWindow(ctx, i, i.invite.offer);
}
