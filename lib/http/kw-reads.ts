/**
 * What the web client reads of its worker: itself (with its language choice) and what it holds,
 * with transcripts. The web client's GET calls and the pages' first paint both answer with these,
 * so the first paint is exactly what the client would fetch.
 */
import type { SessionScope, WorkerRecord } from "../store/store";
import type { AppDeps } from "./deps";
import { workerView } from "./routes/worker-view";

/** `scope`: the session's, when an invitation link opened it (the client then shows less). */
export async function meView(deps: AppDeps, worker: WorkerRecord, scope?: SessionScope) {
  const view = await workerView(deps, worker);
  return {
    ...view,
    ...(scope ? { interactions: view.interactions.filter((id) => id === scope.interaction) } : {}),
    language: worker.language ?? null,
    scope: scope ?? null,
  };
}

/** The interactions the worker holds (only `onlyInteraction`, for a scoped session), each chat with its transcript. */
export async function heldView(deps: AppDeps, workerId: string, onlyInteraction?: string) {
  const s = deps.interactions;
  const held = (await s.heldBy(workerId)).filter((i) => onlyInteraction === undefined || i.id === onlyInteraction);
  return Promise.all(held.map(async (i) => ({ ...s.viewFor(workerId, i), messages: i.media === "chat" ? await s.messages(i.id) : [] })));
}
