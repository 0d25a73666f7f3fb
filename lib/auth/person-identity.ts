/**
 * Who a person is, by identifiers the person cannot choose: Entra ID's tenant and object ids
 * (`tid`+`oid`, the same in every app registration of the tenant and in Teams SSO tokens), else
 * the OpenID Connect issuer and subject (`iss`+`sub`). A display or sign-in name (`upn`,
 * `preferred_username`) is only how a first sign-in finds its worker.
 */
import type { ConnectorConfig } from "../config/schema";
import type { IdentityKind } from "../store/identity-store";

/** What matching reads of a worker entry. */
export type MatchableWorker = Pick<ConnectorConfig["workers"][number], "id" | "upn" | "oidc-subject">;

export interface PersonIdentity {
  kind: IdentityKind;
  /** The identifier as kept in the store: `<tid>/<oid>` (lower case) or JSON `[iss, sub]`. */
  subject: string;
}

export function entraIdentity(tid: string, oid: string): PersonIdentity {
  return { kind: "entra", subject: `${tid.toLowerCase()}/${oid.toLowerCase()}` };
}

/** The identity of an OpenID Connect sign-in: Entra's tid+oid when the ID token has both, else iss+sub. */
export function oidcIdentity(subject: { iss: string; sub: string; tid?: string; oid?: string }): PersonIdentity {
  if (subject.tid && subject.oid) return entraIdentity(subject.tid, subject.oid);
  // NOTE: JSON keeps the two apart whatever characters either holds.
  return { kind: "oidc", subject: JSON.stringify([subject.iss, subject.sub]) };
}

/** The worker's configured `oidc-subject` as an identity; undefined when none is configured. */
export function configuredIdentity(worker: MatchableWorker): PersonIdentity | undefined {
  const configured = worker["oidc-subject"];
  if (!configured) return undefined;
  return "tid" in configured ? entraIdentity(configured.tid, configured.oid) : oidcIdentity(configured);
}

const sameIdentity = (a: PersonIdentity | undefined, b: PersonIdentity) => a?.kind === b.kind && a.subject === b.subject;

/** The worker whose configured identity this is. */
export function workerConfiguredAs<W extends MatchableWorker>(workers: readonly W[], identity: PersonIdentity): W | undefined {
  return workers.find((w) => sameIdentity(configuredIdentity(w), identity));
}

/** The worker whose `upn` is this name (case-insensitive, as directories compare them); never by id. */
export function workerByUpn<W extends MatchableWorker>(workers: readonly W[], name: unknown): W | undefined {
  if (typeof name !== "string" || !name || name.length > 256) return undefined;
  const folded = name.toLowerCase();
  return workers.find((w) => w.upn?.toLowerCase() === folded);
}
