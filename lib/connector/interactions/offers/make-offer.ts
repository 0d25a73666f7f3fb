/** Making an offer: choosing the worker (routing policy), keeping it, then delivering it. */
import * as lifecycle from "../../../domain/interaction";
import type { Interaction } from "../../../domain/interaction";
import { firstAvailable } from "../../../domain/routing";
import { randomUUID } from "node:crypto";
import type { InteractionChange } from "../../../store/store";
import { event, unwrap, type InteractionContext } from "../context";
import { scheduleExpiry } from "./expire-offer";
import { deliverOffer } from "./offer-delivery";

/** The offer of a queued interaction to the best candidate, as a change to keep; or none. */
export function planOffer(ctx: InteractionContext, i: Interaction): InteractionChange | undefined {
  const worker = firstAvailable(i, ctx.board.inIdleOrder(), ctx.settings.policy);
  if (!worker) return undefined;
  const now = ctx.clock.now();
  const at = now.toISOString();
  const { interaction } = unwrap(lifecycle.offer(i, worker, `o-${randomUUID()}`, now, ctx.settings.previewTimeoutMs));
  // NOTE: being offered work ends a worker's idle time, so offers spread over Ready workers.
  return { interaction, events: [event("InteractionOffered", interaction, worker, at)], idle: { worker, since: at } };
}

/** After an offer is kept: count it against the worker, start its timer, deliver the Preview. */
export function offered(ctx: InteractionContext, interaction: Interaction): void {
  const worker = interaction.worker!;
  ctx.book.remember(interaction);
  ctx.board.take(worker, interaction.media);
  ctx.board.setIdleSince(worker, interaction.offer!.offeredAt);
  scheduleExpiry(ctx, interaction);
  deliverOffer(ctx, interaction);
  ctx.announce.state(interaction);
}
