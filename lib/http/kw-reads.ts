/**
 * What the web client reads of its worker: itself (with its language choice) and what it holds,
 * with transcripts. The web client's GET calls and the pages' first paint both answer with these,
 * so the first paint is exactly what the client would fetch.
 */
import type { WorkerRecord } from "../store/store";
import type { AppDeps } from "./deps";
import { workerView } from "./routes/worker-view";

export async function meView(deps: AppDeps, worker: WorkerRecord) {
  return { ...(await workerView(deps, worker)), language: worker.language ?? null };
}

/**
 * The interactions the worker holds, as that worker sees them, each chat with the newest page of
 * its transcript and whether earlier messages exist (GET /api/kw/interactions/{id}/messages reads them).
 */
export async function heldView(deps: AppDeps, workerId: string) {
  const s = deps.interactions;
  const held = await s.heldBy(workerId);
  return Promise.all(
    held.map(async (i) => {
      const page = i.media === "chat" ? await s.latestMessages(i.id) : { messages: [], hasEarlier: false };
      return { ...s.viewFor(workerId, i), messages: page.messages, hasEarlier: page.hasEarlier };
    }),
  );
}
