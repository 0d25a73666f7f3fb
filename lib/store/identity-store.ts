/**
 * Who each worker is at the identity provider (lib/auth/person-identity.ts): bound on the first
 * sign-in that matches the worker's upn, and from then on the only person who signs in as that
 * worker. Part of the Store port (lib/store/store.ts).
 */

/** `entra`: Entra ID's tenant and object ids (OIDC and Teams SSO share it); `oidc`: a provider's iss+sub. */
export type IdentityKind = "entra" | "oidc";

export interface IdentityBinding {
  worker: string;
  kind: IdentityKind;
  /** The person's identifier of that kind, as lib/auth/person-identity.ts writes it. */
  subject: string;
  /** ISO time of the sign-in that bound it. */
  boundAt: string;
}

export interface IdentityStore {
  /** The workers bound to this subject (one, unless the configuration gave an id to another since). */
  workersBoundTo(kind: IdentityKind, subject: string): Promise<string[]>;
  getIdentityBinding(worker: string, kind: IdentityKind): Promise<IdentityBinding | undefined>;
  /**
   * Binds the worker to the subject unless the worker is bound (of that kind) already; resolves
   * with the binding kept, which is the earlier one when two first sign-ins raced.
   */
  bindIdentity(binding: IdentityBinding): Promise<IdentityBinding>;
}
