/**
 * What the worker's desktop softphone (B11) means for a voice interaction: a call ringing there
 * matched to the interaction (kept on the call, reported `CallMatched`), a call that found no
 * match (`CallNotMatched`, with the reason), and the call hung up at the softphone, which ends
 * the interaction as the customer's hang-up does.
 */
import { AppError } from "../../../errors";
import { event, type InteractionContext } from "../context";
import type { EndedBy } from "../end-interaction";

export function createSoftphoneCall(ctx: InteractionContext, end: (interactionId: string, by: EndedBy) => Promise<unknown>) {
  return {
    /** Keeps the match; refused (conflict) when the interaction is no longer that worker's ringing call. */
    matched(interactionId: string, worker: string, callId: string) {
      return ctx.steps.run("call-matched", async () => {
        const i = await ctx.book.load(interactionId);
        const workerNow = i.offer?.worker ?? i.worker;
        if (i.media !== "voice" || !i.call || i.call.state !== "ringing" || i.call.softphone || workerNow !== worker) {
          throw new AppError("conflict", "the interaction is no longer a call ringing for this worker");
        }
        const at = ctx.clock.now().toISOString();
        const next = { ...i, call: { ...i.call, softphone: { worker, callId } }, updatedAt: at };
        await ctx.book.persist({ interaction: next, events: [event("CallMatched", i, worker, at, { call: callId })] });
        if (next.state === "active") ctx.announce.state(next);
        return next;
      });
    },
    /** Reports a voice interaction or a softphone call that found no partner in the window. */
    notMatched(worker: string, interactionId: string | undefined, reasons: Record<string, string>) {
      return ctx.steps.run("call-not-matched", async () => {
        await ctx.store.appendEvent({ at: ctx.clock.now().toISOString(), type: "CallNotMatched", worker, ...(interactionId ? { interaction: interactionId } : {}), reasons });
      });
    },
    /** The softphone's call closed: an active interaction on it ends (its release is then a no-op on the softphone). */
    async closed(interactionId: string) {
      const i = await ctx.book.load(interactionId);
      if (i.state !== "active" || !i.call?.softphone || i.call.state === "released") return;
      // NOTE: the worker's own Hang up closes the softphone's call too, and may end it first.
      await end(interactionId, { customer: true }).catch((error) => {
        if (!(error instanceof AppError && error.code === "conflict")) throw error;
      });
    },
  };
}
