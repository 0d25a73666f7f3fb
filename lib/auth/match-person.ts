/**
 * Which worker a person who signed in at the directory is (OIDC, Teams SSO), by an identifier
 * they cannot choose (lib/auth/person-identity.ts), in this order:
 *  1. the worker configured with this identity (`oidc-subject`);
 *  2. the worker this identity was bound to on an earlier sign-in;
 *  3. the worker whose `upn` is the person's name, when that worker has no identity of this kind
 *     yet (configured or bound): the identity is bound to it now, for good.
 * Anyone else is not a worker here; the reason is for the log, never for the person.
 */
import type { ConnectorConfig } from "../config/schema";
import type { IdentityStore } from "../store/identity-store";
import { configuredIdentity, workerByUpn, workerConfiguredAs, type MatchableWorker, type PersonIdentity } from "./person-identity";

export type PersonMatch<W extends MatchableWorker = ConnectorConfig["workers"][number]> =
  | { ok: true; worker: W; by: "configured" | "bound" | "first-sign-in" }
  | { ok: false; reason: "no-worker-with-this-upn" | "worker-configured-for-another-person" | "worker-bound-to-another-person" };

export interface MatchDeps<W extends MatchableWorker = ConnectorConfig["workers"][number]> {
  workers: readonly W[];
  store: IdentityStore & { durable(): Promise<void> };
  now: () => Date;
}

/** Finds the worker (binding the identity on a first sign-in); `bindNew: false` only looks. */
export async function matchPerson<W extends MatchableWorker>(deps: MatchDeps<W>, identity: PersonIdentity, name: unknown, options: { bindNew?: boolean } = {}): Promise<PersonMatch<W>> {
  const configured = workerConfiguredAs(deps.workers, identity);
  if (configured) return { ok: true, worker: configured, by: "configured" };
  for (const id of await deps.store.workersBoundTo(identity.kind, identity.subject)) {
    const worker = deps.workers.find((w) => w.id === id);
    // NOTE: a configured identity of that kind overrides a binding (how an administrator re-binds a worker).
    if (worker && configuredIdentity(worker)?.kind !== identity.kind) return { ok: true, worker, by: "bound" };
  }
  const worker = workerByUpn(deps.workers, name);
  if (!worker) return { ok: false, reason: "no-worker-with-this-upn" };
  if (configuredIdentity(worker)?.kind === identity.kind) return { ok: false, reason: "worker-configured-for-another-person" };
  if (options.bindNew === false) {
    const bound = await deps.store.getIdentityBinding(worker.id, identity.kind);
    return bound ? { ok: false, reason: "worker-bound-to-another-person" } : { ok: true, worker, by: "first-sign-in" };
  }
  const kept = await deps.store.bindIdentity({ worker: worker.id, kind: identity.kind, subject: identity.subject, boundAt: deps.now().toISOString() });
  if (kept.subject !== identity.subject) return { ok: false, reason: "worker-bound-to-another-person" };
  // NOTE: the binding is on disk before the session it allows: a crash cannot let another person bind after.
  await deps.store.durable();
  return { ok: true, worker, by: "first-sign-in" };
}
