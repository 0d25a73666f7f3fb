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
    if (interaction.target && w.id !== interaction.target) continue;
    if (!w.ready || interaction.refusedBy.includes(w.id) || !hasCapacity(w, interaction.media, policy)) continue;
    if (!best || w.idleSince < best.idleSince || (w.idleSince === best.idleSince && w.id < best.id)) best = w;
  }
  return best?.id;
}
