import type { AppDeps } from "../deps";
import type { WorkerRecord } from "../../store/store";

/** A worker as the integration API and the web client show it. */
export async function workerView(deps: AppDeps, worker: WorkerRecord) {
  return {
    id: worker.id,
    name: worker.name,
    presence: worker.presence,
    presenceSince: worker.presenceSince,
    /** Whether this presence lets routing offer the worker interactions (agent-status-ready). */
    ready: deps.presence.isReady(worker.presence),
    windows: deps.windowCount(worker.id),
    interactions: await deps.interactions.idsHeldBy(worker.id),
    /** The worker's desktop companion (B11): connected now, and its softphone. */
    companion: deps.companion?.record.view(worker.id) ?? { connected: false, softphone: "absent" as const },
  };
}
