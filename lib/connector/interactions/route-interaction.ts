/** An external routing engine sends a queued interaction (say, one its worker rejected) to a worker. */
import type { Interaction } from "../../domain/interaction";
import { AppError, notFound } from "../../errors";
import { event, type InteractionContext } from "./context";

export function createRouteInteraction(ctx: InteractionContext) {
  return function route(interactionId: string, workerId: string) {
    return ctx.steps.run("route", async () => {
      const i = await ctx.book.load(interactionId);
      if (!ctx.book.isWorker(workerId)) throw notFound(`worker "${workerId}"`);
      if (i.state !== "queued") throw new AppError("conflict", `the interaction is ${i.state}; only a queued one can be routed`);
      const at = ctx.clock.now().toISOString();
      const interaction: Interaction = { ...i, target: workerId, refusedBy: i.refusedBy.filter((w) => w !== workerId), updatedAt: at };
      await ctx.book.persist({ interaction, events: [event("InteractionRouted", interaction, workerId, at)] });
      ctx.kick();
      return interaction;
    });
  };
}
