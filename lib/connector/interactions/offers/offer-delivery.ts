/**
 * How an offer reaches its worker once it is kept: as a Preview in every open window of the
 * worker (B5). The native IM invitation for a worker with no window open (B7) plugs in here.
 */
import type { Interaction } from "../../../domain/interaction";
import type { InteractionContext } from "../context";

export function deliverOffer(ctx: InteractionContext, offered: Interaction): void {
  ctx.announce.offer(offered);
}
