/**
 * The worker is done with after-call work (Done, with a disposition code and a note if given), or
 * its wrap-up time ran out: the interaction is done, the capacity free again, and the presence
 * back to what it was before After Call Work, in one commit.
 */
import * as lifecycle from "../../domain/interaction";
import type { Interaction } from "../../domain/interaction";
import { dispositionProblem } from "../../domain/wrap-up";
import { AppError } from "../../errors";
import { authorize, event, unwrap, type InteractionContext } from "./context";
import { EXPIRY_RETRY_MS } from "./offers/expire-offer";
import { planReturn, wrapUpTimerKey } from "./wrap-up/after-call-work";

export interface WrapUpOutcome {
  disposition?: string;
  note?: string;
}

async function finishStep(ctx: InteractionContext, i: Interaction, workerId: string, outcome: WrapUpOutcome, by: "worker" | "timer") {
  const { interaction } = unwrap(lifecycle.finish(i, workerId, ctx.clock.now(), outcome));
  const at = interaction.updatedAt;
  const presence = await planReturn(ctx, i);
  const events = [];
  if (outcome.disposition !== undefined || outcome.note) {
    events.push(event("Disposition", i, workerId, at, { ...(outcome.disposition !== undefined ? { code: outcome.disposition } : {}), ...(outcome.note ? { note: outcome.note } : {}) }));
  }
  events.push(event("InteractionDone", i, workerId, at, by === "timer" ? { by: "wrap-up-time" } : undefined));
  if (presence) events.push(presence.event);
  await ctx.book.persist({ interaction, events, idle: { worker: workerId, since: at }, ...(presence ? { presence: presence.update } : {}) });
  ctx.steps.afterDurable(() => ctx.timers.cancel(wrapUpTimerKey(i.id)));
  ctx.board.release(workerId, i.media);
  ctx.board.setIdleSince(workerId, at);
  ctx.announce.state(interaction);
  if (presence) ctx.presence.applied(presence);
  ctx.kick();
  return interaction;
}

export function createFinishInteraction(ctx: InteractionContext) {
  return function finish(workerId: string, interactionId: string, outcome: WrapUpOutcome = {}) {
    return ctx.steps.run("finish", async () => {
      const i = await ctx.book.load(interactionId);
      authorize(i, workerId, "done");
      const problem = dispositionProblem(outcome.disposition, ctx.settings.dispositions);
      if (problem) throw new AppError("bad_request", problem);
      return finishStep(ctx, i, workerId, outcome, "worker");
    });
  };
}

/** Starts (or restarts, at start-up) the timer that ends after-call work by itself. */
export function scheduleWrapUpEnd(ctx: InteractionContext, i: Interaction, at: string | undefined = i.wrapUp?.until): void {
  if (!at || i.state !== "wrap-up") return;
  ctx.timers.schedule(wrapUpTimerKey(i.id), at, () => {
    ctx.steps
      .run("wrap-up-timeout", async () => {
        const current = ctx.book.openOne(i.id);
        if (current?.state !== "wrap-up" || !current.worker) return;
        await finishStep(ctx, current, current.worker, {}, "timer");
      })
      .catch((error) => {
        // NOTE: as an offer's timeout: the worker would stay in After Call Work with no timer left.
        ctx.logger.error({ err: error, interaction: i.id }, "after-call work could not be ended; trying again");
        const current = ctx.book.openOne(i.id);
        if (current?.state === "wrap-up") scheduleWrapUpEnd(ctx, current, new Date(ctx.clock.now().getTime() + EXPIRY_RETRY_MS).toISOString());
      });
  });
}
