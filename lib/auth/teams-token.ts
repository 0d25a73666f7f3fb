/**
 * Teams tab SSO: inside Teams the client gets a token from teams-js (`getAuthToken`) and sends
 * it here. It is checked with jose against the tenant's published keys: signature, issuer (v1 or
 * v2 form), audience (`api://<host>/<client-id>` or the client id), expiry, the `access_as_user`
 * scope, a configured tenant (`teams-sso.tenants`) and the person's object id. Nothing in it is
 * trusted before all of that holds.
 */
import type { JWTPayload } from "jose";
import { entraIssuers } from "../config/auth-schema";
import type { ConnectorConfig } from "../config/schema";

type TeamsOptions = NonNullable<ConnectorConfig["teams-sso"]>;

export const TEAMS_SCOPE = "access_as_user";
/** A JWT of Entra ID is a few kilobytes at most. */
export const MAX_TEAMS_TOKEN_LENGTH = 16_384;
/** Clocks of Entra ID and this machine may differ a little. */
const CLOCK_TOLERANCE_SECONDS = 60;
/** NOTE: a token naming an unknown key makes jose refetch the key set, at most this often. */
const JWKS_COOLDOWN_MS = 30_000;
const JWKS_TIMEOUT_MS = 5_000;

export class TeamsTokenError extends Error {
  constructor(
    /** `invalid`: the token does not check out (401); `unavailable`: the keys could not be fetched (503). */
    readonly kind: "invalid" | "unavailable",
    message: string,
  ) {
    super(message);
    this.name = "TeamsTokenError";
  }
}

export interface TeamsIdentity {
  /** The person's sign-in name (`upn`, else `preferred_username`). */
  name: unknown;
  /** A configured tenant (lower case). */
  tenant: string;
  /** The person's object id in the tenant: with the tenant, who they are (lib/auth/person-identity.ts). */
  oid: string;
  /** When the token expires (`exp`, in ms since the epoch): a bearer is refused from then on. */
  expiresAt: number;
}

export interface TeamsTokenVerifier {
  verify(token: string): Promise<TeamsIdentity>;
}

/** The audiences a token for this connector may name: its Application ID URI forms and the bare client id. */
export function teamsAudiences(clientId: string, publicUrl: string): string[] {
  const url = new URL(publicUrl);
  return [...new Set([`api://${url.host}/${clientId}`, `api://${url.hostname}/${clientId}`, clientId])];
}

/** NOTE: loaded on first use, with the key set it fetches: a connector without Teams SSO does not pay for it at start. */
const loadJose = () => import("jose");

export function createTeamsTokenVerifier(options: TeamsOptions, publicUrl: () => string): TeamsTokenVerifier {
  const issuers = options.issuers ?? options.tenants.flatMap(entraIssuers);
  const tenants = new Set(options.tenants.map((t) => t.toLowerCase()));
  let keys: ReturnType<Awaited<ReturnType<typeof loadJose>>["createRemoteJWKSet"]> | undefined;

  return {
    async verify(token) {
      const jose = await loadJose();
      keys ??= jose.createRemoteJWKSet(new URL(options["jwks-uri"]), { cooldownDuration: JWKS_COOLDOWN_MS, timeoutDuration: JWKS_TIMEOUT_MS });
      let payload: JWTPayload;
      try {
        ({ payload } = await jose.jwtVerify(token, keys, {
          issuer: issuers,
          audience: teamsAudiences(options["client-id"], publicUrl()),
          algorithms: ["RS256"],
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          requiredClaims: ["exp", "tid", "oid"],
        }));
      } catch (error) {
        throw describe(jose.errors, error);
      }
      const tenant = String(payload.tid).toLowerCase();
      if (!tenants.has(tenant)) throw new TeamsTokenError("invalid", `tenant ${tenant} is not one this connector serves`);
      const scopes = typeof payload.scp === "string" ? payload.scp.split(" ") : [];
      if (!scopes.includes(TEAMS_SCOPE)) throw new TeamsTokenError("invalid", `the token lacks the ${TEAMS_SCOPE} scope`);
      if (typeof payload.oid !== "string" || !payload.oid) throw new TeamsTokenError("invalid", "the token names no object id (oid)");
      return { name: payload.upn ?? payload.preferred_username, tenant, oid: payload.oid, expiresAt: Number(payload.exp) * 1000 };
    },
  };
}

function describe(errors: Awaited<ReturnType<typeof loadJose>>["errors"], error: unknown): TeamsTokenError {
  if (error instanceof errors.JWTExpired) return new TeamsTokenError("invalid", "the token has expired");
  if (error instanceof errors.JWTClaimValidationFailed) return new TeamsTokenError("invalid", `the token's ${error.claim} claim is not accepted here`);
  if (error instanceof errors.JWKSTimeout) return new TeamsTokenError("unavailable", "the signing keys could not be fetched in time");
  // NOTE: a key set that answers badly (not 200, not a key set) is jose's generic error or JWKSInvalid.
  if (error instanceof errors.JWKSInvalid || (error instanceof errors.JOSEError && error.code === "ERR_JOSE_GENERIC")) {
    return new TeamsTokenError("unavailable", "the signing keys could not be fetched");
  }
  if (error instanceof errors.JOSEError) return new TeamsTokenError("invalid", `the token does not check out (${error.code})`);
  // NOTE: anything else is the key set's fetch failing (network, not JSON): not the caller's fault.
  return new TeamsTokenError("unavailable", "the signing keys could not be fetched");
}
