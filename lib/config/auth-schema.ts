/**
 * The configuration sections that say who may come in (shared/CONTRACT.md): `sign-in` with its
 * `oidc` options, `teams-sso` and `api-keys`. Validated once at start like the rest.
 */
import { z } from "zod";

/** Microsoft's published signing keys for Entra ID tokens of every tenant. */
export const MICROSOFT_JWKS_URI = "https://login.microsoftonline.com/common/discovery/v2.0/keys";

const httpUrl = z
  .string()
  .url("must be a URL")
  .refine((value) => /^https?:\/\//i.test(value), "must be an http or https URL");

export const signInMode = z.enum(["dev", "oidc", "none"]);

export const oidcOptions = z
  .object({
    /** The issuer exactly as the provider's discovery document writes it; https unless on this machine. */
    issuer: httpUrl.refine(
      (value) => /^https:/i.test(value) || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/i.test(value),
      "must be an https URL (plain http only for a provider on this machine)",
    ),
    "client-id": z.string().min(1).max(256),
    "client-secret": z.string().min(1).max(1024),
    /**
     * The ID token (or UserInfo) claim that names the person; on the first sign-in it is matched
     * against a worker's upn (never its id), which then stays bound to the person's iss+sub (tid+oid).
     */
    claim: z.string().min(1).max(64).default("preferred_username"),
    /** Scopes asked for; `openid` is always among them. */
    scope: z.string().min(1).max(512).default("openid profile email"),
  })
  .strict();

/** A tenant id: a GUID, as Entra ID writes it in the `tid` claim. */
const tenantId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be a tenant id (a GUID)");

/** An Entra ID object id (`oid`): a GUID. */
const objectId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be an object id (a GUID)");

/**
 * A worker's `oidc-subject`: who the worker is at the identity provider, configured instead of
 * bound on the first sign-in. `{"iss", "sub"}`: the ID token's issuer and subject; `{"tid", "oid"}`:
 * Entra ID's tenant and object ids (the same for every app registration, and for Teams SSO).
 */
export const workerSubject = z.union(
  [
    z.object({ iss: z.string().min(1).max(512), sub: z.string().min(1).max(256) }).strict(),
    z.object({ tid: tenantId, oid: objectId }).strict(),
  ],
  { error: 'must be {"iss", "sub"} (the ID token\'s issuer and subject) or {"tid", "oid"} (Entra ID\'s tenant and object ids)' },
);

export const teamsSsoOptions = z
  .object({
    /** The Entra ID app registration's client id; tokens are for `api://<host>/<client-id>` or this id. */
    "client-id": z.string().min(1).max(256),
    /** Tenants whose people may sign in. */
    tenants: z.array(tenantId).min(1, "name at least one tenant"),
    /** Where the signing keys are published; tests point this at a local key set. */
    "jwks-uri": httpUrl.default(MICROSOFT_JWKS_URI),
    /** Accepted issuers; default: Entra ID's v1 and v2 issuers of each configured tenant. */
    issuers: z.array(z.string().min(1).max(512)).min(1).optional(),
  })
  .strict();

export const apiKeys = z
  .array(
    z
      .object({
        /** Says in the log which integrator called; lets one key be rotated while another still works. */
        name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "must be 1-64 of A-Z, a-z, 0-9, '.', '_' or '-'"),
        key: z.string().min(16, "must be at least 16 characters").max(256),
      })
      .strict(),
  )
  .superRefine((keys, ctx) => {
    const names = new Set<string>();
    const values = new Set<string>();
    keys.forEach((k, i) => {
      if (names.has(k.name)) ctx.addIssue({ code: "custom", path: [i, "name"], message: `"${k.name}" appears twice` });
      if (values.has(k.key)) ctx.addIssue({ code: "custom", path: [i, "key"], message: "this key appears twice" });
      names.add(k.name);
      values.add(k.key);
    });
  });

/** Entra ID's v2 and v1 issuers of a tenant, the two forms a Teams SSO token may carry. */
export function entraIssuers(tenant: string): string[] {
  return [`https://login.microsoftonline.com/${tenant}/v2.0`, `https://sts.windows.net/${tenant}/`];
}
