/**
 * The queue's dispatcher: routing passes that offer queued interactions, oldest first, to the
 * workers the routing policy picks (the embedded longest-idle router; an external router decides
 * by naming the worker, which the policy honours). Passes asked for while one waits run as one.
 * It hears of presence changes inside the step that made them, so the board of who is Ready is
 * never behind the event log.
 */
import type { Presence } from "../../../domain/presence";
import type { WorkerRecord } from "../../../store/store";
import type { InteractionContext } from "../context";
import { offered, planOffer } from "../offers/make-offer";

export function createDispatcher(ctx: InteractionContext) {
  let pending = false;
  let stopped = false;

  function kick(): void {
    if (pending || stopped) return;
    pending = true;
    ctx.steps
      .run("routing-pass", async () => {
        pending = false;
        await dispatch();
      })
      .catch((error) => ctx.logger.error({ err: error }, "routing pass failed"));
  }

  async function dispatch(): Promise<void> {
    // NOTE: most passes (one after every done) find nothing queued: skip the walk. In the restart
    // grace nothing is offered: the windows that were open have not reconnected yet.
    if (ctx.grace.holding() || !ctx.book.hasQueued()) return;
    let anyone = ctx.board.hasCandidate();
    for (const i of ctx.book.list()) {
      if (!anyone) return;
      if (i.state !== "queued") continue;
      const change = planOffer(ctx, i);
      if (!change) continue;
      await ctx.store.updateInteraction(change);
      offered(ctx, change.interaction);
      anyone = ctx.board.hasCandidate();
    }
  }

  /** Runs inside the presence step: the board changes in the same step as the presence. */
  function onPresence(worker: WorkerRecord, previous: Presence): void {
    const ready = ctx.presence.isReady(worker.presence);
    const becameReady = ready && !ctx.presence.isReady(previous);
    ctx.board.setReady(worker.id, ready, becameReady ? worker.idleSince : undefined);
    if (!becameReady) return;
    // Someone who becomes Ready again may be offered what they once refused, if it still waits.
    ctx.steps
      .run("forgive-refusals", async () => {
        for (const i of ctx.book.list()) {
          if (i.state !== "queued" || !i.refusedBy.includes(worker.id)) continue;
          await ctx.book.persist({ interaction: { ...i, refusedBy: i.refusedBy.filter((w) => w !== worker.id) }, events: [] });
        }
      })
      .then(kick, (error) => ctx.logger.error({ err: error }, "could not clear refusals"));
  }

  return {
    kick,
    onPresence,
    stop() {
      stopped = true;
    },
  };
}
