/**
 * Ending an interaction: the customer leaves or hangs up (a queued or offered one is abandoned,
 * an active one goes to wrap-up), or the worker ends the chat or hangs up the call. An open
 * invitation to another worker is withdrawn and parties on the call leave with it. With a
 * wrap-up time, the worker's After Call Work starts in the same commit.
 */
import * as lifecycle from "../../domain/interaction";
import { authorize, event, systemLines, unwrap, type InteractionContext } from "./context";
import { scheduleWrapUpEnd } from "./finish-interaction";
import { planWrapUp } from "./wrap-up/after-call-work";

/** The worker may name the action (`end` a chat, `release` a call); the old /end route leaves it to the media. */
export type EndedBy = { customer: true } | { worker: string; action?: "end" | "release" };

export function createEndInteraction(ctx: InteractionContext) {
  return function end(interactionId: string, by: EndedBy) {
    return ctx.steps.run("end", async () => {
      const i = await ctx.book.load(interactionId);
      if ("worker" in by) authorize(i, by.worker, by.action ?? (i.media === "voice" ? "release" : "end"));
      if (i.media === "voice" && i.state === "active") await ctx.telephony.execute(i.id, { kind: "release" });
      const now = ctx.clock.now();
      const result = unwrap(lifecycle.end(i, now));
      const at = now.toISOString();
      let next = result.interaction;
      const type = next.state === "abandoned" ? "InteractionAbandoned" : "InteractionEnded";
      const events = [event(type, i, i.worker, at, "worker" in by ? { by: "worker" } : { by: "customer" })];
      if (i.media === "voice" && i.state === "active") events.push(event("CallReleased", i, i.worker, at, { by: "worker" in by ? "worker" : "customer" }));
      const who = "customer" in by ? "The customer left the chat" : `${ctx.book.workerName(i.worker!) ?? i.worker} ended the chat`;
      const messages = next.state === "wrap-up" ? systemLines(ctx, next, who) : [];
      const wrap = next.state === "wrap-up" ? await planWrapUp(ctx, next, now) : undefined;
      if (wrap) {
        next = { ...next, wrapUp: wrap.wrapUp };
        if (wrap.wrapUp.acw) events.push(event("WrapUpStarted", i, i.worker, at, { until: wrap.wrapUp.until! }));
        if (wrap.presence) events.push(wrap.presence.event);
      }
      await ctx.book.persist({ interaction: next, closedOffer: result.closedOffer, events, messages, ...(wrap?.presence ? { presence: wrap.presence.update } : {}) });
      const closed = result.closedOffer;
      if (closed) {
        ctx.steps.afterDurable(() => ctx.timers.cancel(closed.id));
        ctx.board.release(closed.worker, i.media);
        ctx.announce.offerClosed(i, closed);
      }
      for (const p of i.parties ?? []) {
        ctx.board.release(p.worker, i.media);
        ctx.announce.gone(p.worker, i, "ended");
      }
      ctx.announce.state(next);
      for (const m of messages) ctx.announce.message(next, m);
      if (wrap?.presence) ctx.presence.applied(wrap.presence);
      if (next.wrapUp?.until) ctx.steps.afterDurable(() => scheduleWrapUpEnd(ctx, next));
      if (closed || i.parties?.length) ctx.kick();
      return next;
    });
  };
}
