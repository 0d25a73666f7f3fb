/**
 * Ending an interaction: the customer leaves or hangs up (a queued or offered one is abandoned,
 * an active one goes to wrap-up), or the worker ends the chat or call it handles.
 */
import * as lifecycle from "../../domain/interaction";
import { AppError } from "../../errors";
import { event, systemLines, unwrap, type InteractionContext } from "./context";

export type EndedBy = { customer: true } | { worker: string };

export function createEndInteraction(ctx: InteractionContext) {
  return function end(interactionId: string, by: EndedBy) {
    return ctx.steps.run("end", async () => {
      const i = await ctx.book.load(interactionId);
      if ("worker" in by && i.worker !== by.worker) throw new AppError("forbidden", "this interaction is someone else's");
      if ("worker" in by && i.state !== "active") throw new AppError("conflict", `the interaction is ${i.state}, not active`);
      const result = unwrap(lifecycle.end(i, ctx.clock.now()));
      const at = ctx.clock.now().toISOString();
      const next = result.interaction;
      const type = next.state === "abandoned" ? "InteractionAbandoned" : "InteractionEnded";
      const who = "customer" in by ? "The customer left the chat" : `${ctx.book.workerName(i.worker!) ?? i.worker} ended the chat`;
      const messages = next.state === "wrap-up" ? systemLines(ctx, next, who) : [];
      await ctx.book.persist({ interaction: next, closedOffer: result.closedOffer, events: [event(type, i, i.worker, at)], messages });
      const closed = result.closedOffer;
      if (closed) {
        ctx.steps.afterDurable(() => ctx.timers.cancel(closed.id));
        ctx.board.release(closed.worker, i.media);
        ctx.announce.offerClosed(i, closed);
      }
      ctx.announce.state(next);
      for (const m of messages) ctx.announce.message(next, m);
      if (closed) ctx.kick();
      return next;
    });
  };
}
