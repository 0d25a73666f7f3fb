/**
 * Who an interaction can be handed to now: a known worker other than its own, Ready, with room
 * for it; or, "to the queue", the worker routing would choose (longest idle).
 */
import type { Interaction, Media } from "../../../domain/interaction";
import type { Presence } from "../../../domain/presence";
import { roleOf } from "../../../domain/capabilities";
import { chooseWorker, hasCapacity, type RoutingPolicy, type WorkerLoad } from "../../../domain/routing";
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

/** A worker the transfer picker offers: who, their presence now, and room for more of this media. */
export interface TransferTarget {
  id: string;
  name: string;
  presence: Presence;
  /** How many more interactions of this one's media the worker could take now (1 for a call). */
  free: number;
}

/** How many more of `media` fit beside what `load` holds (hasCapacity's rule, counted). */
export function freeCapacity(load: WorkerLoad, media: Media, policy: RoutingPolicy): number {
  if (load.calls > 0) return 0;
  if (media === "voice") return load.chats === 0 ? 1 : 0;
  return Math.max(0, policy.maxChats - load.chats);
}

/** The workers who could take `i` from `by` now, by name: the transfer picker's list. */
export function transferTargets(ctx: InteractionContext, i: Interaction, by: string): { id: string; name: string; free: number }[] {
  return ctx.board
    .candidates()
    .filter((w) => !targetProblem(ctx, i, by, w.id) && !i.parties?.some((p) => p.worker === w.id))
    .map((w) => ({ id: w.id, name: ctx.book.workerName(w.id) ?? w.id, free: freeCapacity(w, i.media, ctx.settings.policy) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Workers who could take `interactionId` from `workerId` now (the transfer picker). */
export function createTransferTargets(ctx: InteractionContext) {
  return async function transferTargetsOf(workerId: string, interactionId: string) {
    const i = await ctx.book.load(interactionId);
    if (!roleOf(i, workerId)) throw new AppError("forbidden", "this interaction is someone else's");
    const targets = transferTargets(ctx, i, workerId);
    // NOTE: a handful of Ready workers at most; their presence is read as the API reads it.
    return Promise.all(
      targets.map(async (t): Promise<TransferTarget> => ({ ...t, presence: (await ctx.presence.get(t.id))?.presence ?? "available" })),
    );
  };
}
