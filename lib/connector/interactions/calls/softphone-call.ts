/**
 * What the worker's desktop softphone (B11) means for a voice interaction: a call ringing there
 * matched to the interaction (kept on the call, reported `CallMatched`), a call that found no
 * match (`CallNotMatched`, with the reason), the call held or resumed at the softphone itself
 * (the interaction's call follows), and the call closed there, which ends the interaction as the
 * customer's hang-up does (while it rings, too: the caller gave up).
 */
import * as calls from "../../../domain/call";
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
    /**
     * Held or resumed at the softphone itself, not on the connector's command (which has kept
     * that state already when this runs, steps being serial): the call follows what the softphone
     * reports. The worker holds there, so Retrieve in the web client is the worker's to press.
     */
    mirror(interactionId: string, state: "held" | "established") {
      return ctx.steps.run(`softphone-${state}`, async () => {
        const i = await ctx.book.load(interactionId);
        if (i.state !== "active" || !i.call?.softphone) return i;
        const result =
          state === "held" && i.call.state === "established"
            ? calls.hold(i.call, "worker")
            : state === "established" && i.call.state === "held"
              ? calls.retrieve(i.call, i.call.heldBy ?? "worker")
              : undefined;
        if (!result?.ok) return i;
        const at = ctx.clock.now().toISOString();
        const next = { ...i, call: result.call, updatedAt: at };
        const type = state === "held" ? "CallHeld" : "CallRetrieved";
        await ctx.book.persist({ interaction: next, events: [event(type, i, i.worker, at, { by: i.call.heldBy ?? "worker", on: "softphone" })] });
        ctx.announce.state(next);
        return next;
      });
    },
    /**
     * The softphone's call closed: an active interaction on it ends (its release is then a no-op
     * on the softphone), and so does one still offered to that worker with the call ringing (the
     * caller gave up): a customer hang-up either way.
     */
    async closed(interactionId: string) {
      const i = await ctx.book.load(interactionId);
      if (!i.call?.softphone || i.call.state === "released") return;
      const ringingHere = i.state === "offered" && i.offer?.worker === i.call.softphone.worker && i.call.state === "ringing";
      if (i.state !== "active" && !ringingHere) return;
      // NOTE: the worker's own Hang up closes the softphone's call too, and may end it first.
      await end(interactionId, { customer: true }).catch((error) => {
        if (!(error instanceof AppError && error.code === "conflict")) throw error;
      });
    },
  };
}
