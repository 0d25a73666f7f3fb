/**
 * After-call work around the end of an interaction: the worker's presence becomes After Call Work
 * in the same commit as the end (routing.wrap-up-time > 0), and goes back to what it was in the
 * same commit as Done or the wrap-up timer, unless the worker chose a presence by hand meanwhile.
 */
import type { Interaction } from "../../../domain/interaction";
import { presenceAfterWrapUp, startWrapUp, type WrapUp } from "../../../domain/wrap-up";
import type { PresenceChange } from "../../presence-service";
import type { InteractionContext } from "../context";

/** Other interactions of the worker whose after-call work still runs. */
function othersInAcw(ctx: InteractionContext, worker: string, except: string): Interaction[] {
  return ctx.book.list().filter((o) => o.id !== except && o.worker === worker && o.state === "wrap-up" && o.wrapUp?.acw);
}

/** The wrap-up an ending interaction starts, and the presence change it causes (if any). */
export async function planWrapUp(ctx: InteractionContext, i: Interaction, now: Date): Promise<{ wrapUp: WrapUp; presence?: PresenceChange }> {
  // NOTE: without a wrap-up time there is no After Call Work to plan: no store read, no walk over
  // every open interaction (the profile showed both on every end, growing with the open chats).
  if (ctx.settings.wrapUpSeconds <= 0) return { wrapUp: startWrapUp(now, 0, "offline") };
  const worker = i.worker ? await ctx.store.getWorker(i.worker) : undefined;
  if (!worker) return { wrapUp: startWrapUp(now, 0, "offline") };
  const carried = othersInAcw(ctx, worker.id, i.id)[0]?.wrapUp?.presenceBefore;
  const wrapUp = startWrapUp(now, ctx.settings.wrapUpSeconds, worker.presence, carried);
  const presence = wrapUp.acw ? ctx.presence.plan(worker, "after-call-work", "system") : undefined;
  return { wrapUp, presence };
}

/** The presence change Done (or the timer) makes: back to the presence before After Call Work. */
export async function planReturn(ctx: InteractionContext, i: Interaction): Promise<PresenceChange | undefined> {
  if (!i.worker || !i.wrapUp?.acw) return undefined;
  const worker = await ctx.store.getWorker(i.worker);
  if (!worker) return undefined;
  const back = presenceAfterWrapUp(i.wrapUp, worker.presence, othersInAcw(ctx, worker.id, i.id).length);
  return back ? ctx.presence.plan(worker, back, "system") : undefined;
}

export const wrapUpTimerKey = (interactionId: string) => `wrap-up:${interactionId}`;
