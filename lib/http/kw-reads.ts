/**
 * What the web client reads of its worker: itself (with its language choice) and what it holds,
 * with transcripts. The web client's GET calls and the pages' first paint both answer with these,
 * so the first paint is exactly what the client would fetch.
 */
import type { WorkerPrincipal } from "../bayeux/authorizer";
import type { SessionScope, WorkerRecord } from "../store/store";
import { reaches } from "./auth";
import type { AppDeps } from "./deps";
import { workerView } from "./routes/worker-view";

/** `scopes`: the session's, when invitation links opened it (the client then shows less). */
export async function meView(deps: AppDeps, worker: WorkerRecord, scopes?: readonly SessionScope[]) {
  const view = await workerView(deps, worker);
  return {
    ...view,
    ...(scopes ? { interactions: view.interactions.filter((id) => scopes.some((s) => s.interaction === id)) } : {}),
    language: worker.language ?? null,
    ...(deps.companion ? { companion: await deps.companion.viewFor(worker.id) } : {}),
    scopes: scopes ?? null,
  };
}

/**
 * The interactions the worker holds (those it reaches, for a scoped session), as that worker sees
 * them, each chat with the newest page of its transcript and whether earlier messages exist
 * (GET /api/kw/interactions/{id}/messages reads them).
 */
export async function heldView(deps: AppDeps, principal: WorkerPrincipal) {
  const s = deps.interactions;
  const { workerId } = principal;
  const held = (await s.heldBy(workerId)).filter((i) => reaches(principal, i.id));
  return Promise.all(
    held.map(async (i) => {
      const page = i.media === "chat" ? await s.latestMessages(i.id) : { messages: [], hasEarlier: false };
      return { ...s.viewFor(workerId, i), messages: page.messages, hasEarlier: page.hasEarlier };
    }),
  );
}
