/** The worker is done with after-call work: the interaction is done and the capacity free again. */
import * as lifecycle from "../../domain/interaction";
import { event, unwrap, type InteractionContext } from "./context";

export function createFinishInteraction(ctx: InteractionContext) {
  return function finish(workerId: string, interactionId: string) {
    return ctx.steps.run("finish", async () => {
      const i = await ctx.book.load(interactionId);
      const { interaction } = unwrap(lifecycle.finish(i, workerId, ctx.clock.now()));
      const at = interaction.updatedAt;
      await ctx.book.persist({ interaction, events: [event("InteractionDone", i, workerId, at)], idle: { worker: workerId, since: at } });
      ctx.board.release(workerId, i.media);
      ctx.board.setIdleSince(workerId, at);
      ctx.announce.state(interaction);
      ctx.kick();
      return interaction;
    });
  };
}
