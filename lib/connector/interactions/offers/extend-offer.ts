/** The worker asks for more time on a Preview, once per offer (WCAG 2.2.1). */
import * as lifecycle from "../../../domain/interaction";
import { unwrap, type InteractionContext } from "../context";
import { scheduleExpiry } from "./expire-offer";

export function createExtendOffer(ctx: InteractionContext) {
  return function extendOffer(workerId: string, interactionId: string, offerId: string) {
    return ctx.steps.run("offer-extend", async () => {
      const i = await ctx.book.load(interactionId);
      const { interaction } = unwrap(lifecycle.extend(i, offerId, workerId, ctx.clock.now(), ctx.settings.previewTimeoutMs));
      await ctx.book.persist({ interaction, events: [] });
      // NOTE: the old deadline's timer stays until the new one is kept; firing early, it waits the rest.
      ctx.steps.afterDurable(() => scheduleExpiry(ctx, interaction));
      ctx.announce.offerExtended(workerId, interaction.id, offerId, interaction.offer!.deadline);
      return interaction;
    });
  };
}
