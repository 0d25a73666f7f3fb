/**
 * The embedded routing policy (B4): offer to the longest-idle Ready worker with free capacity
 * who has not refused the interaction. Pure: the caller brings what it knows of each worker.
 */
import type { Interaction, Media } from "./interaction";

export interface RoutingPolicy {
  /** Chats a worker handles at once (offered, active or in wrap-up). A call takes a worker whole. */
  maxChats: number;
}

export const DEFAULT_ROUTING_POLICY: RoutingPolicy = { maxChats: 3 };

export interface WorkerLoad {
  id: string;
  /** Ready by its presence (agent-status-ready). */
  ready: boolean;
  /** ISO time since which the worker has been idle: made Ready, or finished an interaction. */
  idleSince: string;
  /** Chats offered to, handled by or wrapped up by the worker now. */
  chats: number;
  /** Calls offered to, handled by or wrapped up by the worker now. */
  calls: number;
}

export function hasCapacity(load: WorkerLoad, media: Media, policy: RoutingPolicy): boolean {
  if (load.calls > 0) return false;
  return media === "voice" ? load.chats === 0 : load.chats < policy.maxChats;
}

/** The worker to offer `interaction` to, or undefined when nobody can take it now. */
export function chooseWorker(
  interaction: Pick<Interaction, "media" | "target" | "refusedBy">,
  workers: Iterable<WorkerLoad>,
  policy: RoutingPolicy,
): string | undefined {
  let best: WorkerLoad | undefined;
  for (const w of workers) {
    if (!canTake(w, interaction, policy)) continue;
    if (!best || comesBefore(w, best)) best = w;
  }
  return best?.id;
}

/**
 * The same choice as chooseWorker, from workers already in its order of preference (longest idle
 * first, then by id): the first one who can take the interaction.
 */
export function firstAvailable(
  interaction: Pick<Interaction, "media" | "target" | "refusedBy">,
  workersInIdleOrder: Iterable<WorkerLoad>,
  policy: RoutingPolicy,
): string | undefined {
  for (const w of workersInIdleOrder) if (canTake(w, interaction, policy)) return w.id;
  return undefined;
}

/** Whether `a` has been idle longer than `b` (ties go to the smaller id): routing's order. */
export function comesBefore(a: WorkerLoad, b: WorkerLoad): boolean {
  return a.idleSince < b.idleSince || (a.idleSince === b.idleSince && a.id < b.id);
}

function canTake(w: WorkerLoad, interaction: Pick<Interaction, "media" | "target" | "refusedBy">, policy: RoutingPolicy): boolean {
  if (interaction.target && w.id !== interaction.target) return false;
  return w.ready && !interaction.refusedBy.includes(w.id) && hasCapacity(w, interaction.media, policy);
}
