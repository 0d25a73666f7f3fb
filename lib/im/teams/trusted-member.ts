/**
 * Whether an activity that reached the Teams bot may register its sender's conversation for a
 * worker's invitations, and for which worker. The tenant must be one `teams-sso.tenants` names
 * (when Teams SSO is configured: any Teams tenant can install a bot and write to it); the person
 * is matched by tid+oid where a sign-in bound them, else by upn, never binding anyone here.
 */
import { matchPerson, type MatchDeps, type PersonMatch } from "../../auth/match-person";
import { entraIdentity, workerByUpn, type MatchableWorker } from "../../auth/person-identity";

export interface TeamsSender {
  /** `conversation.tenantId`, else `channelData.tenant.id`. */
  tenant: string | undefined;
  /** `from.aadObjectId`: the person's object id in that tenant. */
  aadObjectId: string | undefined;
  /** The member's userPrincipalName (or email), as Teams' member lookup reports it. */
  upn: string;
}

export type TrustedMember<W extends MatchableWorker> = PersonMatch<W> | { ok: false; reason: "tenant-not-served" | "no-object-id" };

/** The tenant an activity says it comes from, lower case. */
export function activityTenant(activity: { conversation?: { tenantId?: string }; channelData?: { tenant?: { id?: string } } }): string | undefined {
  return (activity.conversation?.tenantId ?? activity.channelData?.tenant?.id)?.toLowerCase() || undefined;
}

/** Cheap and before any call to Teams: an activity of a tenant not served is dropped unread. */
export function tenantServed(tenants: ReadonlySet<string> | undefined, tenant: string | undefined): boolean {
  return !tenants || (tenant !== undefined && tenants.has(tenant));
}

export async function trustedMember<W extends MatchableWorker>(deps: MatchDeps<W> & { tenants?: ReadonlySet<string> }, sender: TeamsSender): Promise<TrustedMember<W>> {
  if (!tenantServed(deps.tenants, sender.tenant)) return { ok: false, reason: "tenant-not-served" };
  if (sender.tenant && sender.aadObjectId) {
    return matchPerson(deps, entraIdentity(sender.tenant, sender.aadObjectId), sender.upn, { bindNew: false });
  }
  // NOTE: without an object id the person cannot be compared with a binding: a bound worker is refused.
  const worker = workerByUpn(deps.workers, sender.upn);
  if (!worker) return { ok: false, reason: "no-worker-with-this-upn" };
  if (worker["oidc-subject"] && "tid" in worker["oidc-subject"]) return { ok: false, reason: "no-object-id" };
  if (await deps.store.getIdentityBinding(worker.id, "entra")) return { ok: false, reason: "no-object-id" };
  return { ok: true, worker, by: "first-sign-in" };
}
