/**
 * The worker answers a Preview (B5, B6): Accept opens the interaction (the first Accept wins);
 * Reject hands it back to routing, which offers it to the next worker. The offer's timer is
 * cancelled only once the answer is on disk: if the write fails, the timer still ends the offer.
 */
import { answer as answerCall } from "../../../domain/call";
import * as lifecycle from "../../../domain/interaction";
import { event, systemLines, unwrap, type InteractionContext } from "../context";

export type OfferAnswer = "accept" | "reject";

export function createAnswerOffer(ctx: InteractionContext) {
  return function answerOffer(kind: OfferAnswer, workerId: string, interactionId: string, offerId: string) {
    return ctx.steps.run(`offer-${kind}`, async () => {
      const i = await ctx.book.load(interactionId);
      const now = ctx.clock.now();
      const at = now.toISOString();
      const result = unwrap(kind === "accept" ? lifecycle.accept(i, offerId, workerId, now) : lifecycle.reject(i, offerId, workerId, now));
      const type = kind === "accept" ? "InteractionAccepted" : "InteractionRejected";
      const messages = kind === "accept" ? systemLines(ctx, i, `${ctx.book.workerName(workerId) ?? workerId} joined the chat`) : [];
      const events = [event(type, i, workerId, at)];
      // Accepting a call answers it; the embedded call model connects it at once, a bridge may report it later.
      if (kind === "accept" && i.call?.state === "ringing") {
        const { connected } = await ctx.telephony.execute(i.id, { kind: "answer" });
        const answered = connected ? answerCall(i.call, at) : undefined;
        if (answered?.ok) {
          result.interaction = { ...result.interaction, call: answered.call };
          events.push(event("CallEstablished", i, workerId, at));
        }
      }
      await ctx.book.persist({ interaction: result.interaction, closedOffer: result.closedOffer, events, messages });
      ctx.steps.afterDurable(() => ctx.timers.cancel(offerId));
      ctx.announce.offerClosed(i, result.closedOffer!);
      if (kind === "accept") {
        ctx.announce.state(result.interaction);
        for (const m of messages) ctx.announce.message(result.interaction, m);
      } else {
        ctx.board.release(workerId, i.media);
        ctx.announce.state(result.interaction, workerId);
        ctx.kick();
      }
      return result.interaction;
    });
  };
}
