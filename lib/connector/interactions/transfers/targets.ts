/**
 * Who an interaction can be handed to now: a known worker other than its own, Ready, with room
 * for it; or, "to the queue", the worker routing would choose (longest idle).
 */
import type { Interaction } from "../../../domain/interaction";
import { roleOf } from "../../../domain/capabilities";
import { chooseWorker, hasCapacity } from "../../../domain/routing";
import { AppError } from "../../../errors";
import type { InteractionContext } from "../context";

export const QUEUE = "queue";

/** Why `target` cannot take `i` now, or undefined when it can. */
export function targetProblem(ctx: InteractionContext, i: Interaction, by: string, target: string): string | undefined {
  if (!ctx.book.isWorker(target)) return `"${target}" is not a worker`;
  if (target === by) return "you cannot hand an interaction to yourself";
  const load = ctx.board.get(target);
  const name = ctx.book.workerName(target) ?? target;
  if (!load?.ready) return `${name} is not available now`;
  // NOTE: a consultation or conference brings the other worker onto the call, which takes them whole.
  if (!hasCapacity(load, i.media, ctx.settings.policy)) return `${name} has no room for another ${i.media === "voice" ? "call" : "chat"}`;
  return undefined;
}

/** The worker to invite: the one named (checked), or the one routing picks for "queue". */
export function resolveTarget(ctx: InteractionContext, i: Interaction, by: string, to: string): { worker: string; toQueue: boolean } {
  if (to === QUEUE) {
    const exclude = [by, ...(i.parties ?? []).map((p) => p.worker)];
    const worker = chooseWorker({ media: i.media, refusedBy: exclude }, ctx.board.candidates(), ctx.settings.policy);
    if (!worker) throw new AppError("bad_request", "nobody in the queue can take it now; it stays with you");
    return { worker, toQueue: true };
  }
  const problem = targetProblem(ctx, i, by, to);
  if (problem) throw new AppError("bad_request", `${problem}; it stays with you`);
  return { worker: to, toQueue: false };
}

/** The workers who could take `i` from `by` now, by name: the transfer picker's list. */
export function transferTargets(ctx: InteractionContext, i: Interaction, by: string): { id: string; name: string }[] {
  return ctx.board
    .candidates()
    .filter((w) => !targetProblem(ctx, i, by, w.id) && !i.parties?.some((p) => p.worker === w.id))
    .map((w) => ({ id: w.id, name: ctx.book.workerName(w.id) ?? w.id }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Workers who could take `interactionId` from `workerId` now (the transfer picker). */
export function createTransferTargets(ctx: InteractionContext) {
  return async function transferTargetsOf(workerId: string, interactionId: string) {
    const i = await ctx.book.load(interactionId);
    if (!roleOf(i, workerId)) throw new AppError("forbidden", "this interaction is someone else's");
    return transferTargets(ctx, i, workerId);
  };
}
