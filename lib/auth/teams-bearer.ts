/**
 * Teams SSO tokens as a bearer (README "Inside Microsoft Teams"): inside Teams' iframe a browser
 * that blocks third-party cookies keeps no session cookie, so the tab sends its teams-js token on
 * every /api/kw/* call and Bayeux message instead. A token is checked as POST /signin/teams
 * checks it (signature, issuer, audience, scope, tenant list, the tid+oid binding), once: the
 * result is kept in memory until the token's `exp`, and refused from then on.
 *
 * NOTE: a valid token alone is not enough: the person must have signed in through Teams (POST
 * /signin/teams opens their "Teams grant", a stored session under a key derived from the person
 * and the worker). Sign-out ends it with the worker's other sessions, so every token of theirs is
 * refused (401) until they press "Sign in" again; Teams' cached token cannot sign them back in.
 */
import { createHash, createHmac } from "node:crypto";
import type { WorkerPrincipal } from "../bayeux/authorizer";
import type { ConnectorConfig } from "../config/schema";
import type { SessionService } from "../connector/sessions";
import type { IdentityStore } from "../store/identity-store";
import { matchPerson } from "./match-person";
import { entraIdentity, type PersonIdentity } from "./person-identity";
import type { Secrets } from "../config/secrets";
import { createTeamsTokenVerifier, TeamsTokenError, type TeamsTokenVerifier } from "./teams-token";

/** Verified tokens kept at most (a token is about 2 KB; its entry about 200 bytes). */
const MAX_CACHED_TOKENS = 20_000;

export interface TeamsBearer {
  /**
   * The worker this token signs in, or undefined (401): a token that does not check out, has
   * expired, is not a worker's, or whose person's Teams sign-in ended. Throws TeamsTokenError
   * `unavailable` when the tenant's keys cannot be fetched (503).
   */
  resolve(token: string): Promise<WorkerPrincipal | undefined>;
  /** The person signed in through Teams (POST /signin/teams): their tokens are a bearer from now on. */
  grant(person: PersonIdentity, workerId: string): Promise<void>;
}

export interface TeamsBearerDeps {
  verifier: TeamsTokenVerifier;
  workers: ConnectorConfig["workers"];
  store: IdentityStore & { durable(): Promise<void> };
  sessions: Pick<SessionService, "resolve" | "openDerived">;
  /** The key the grants' session tokens are derived with (secrets' "teams-grants"). */
  grantKey: Buffer;
  now(): number;
}

interface Verified {
  workerId: string;
  person: PersonIdentity;
  expiresAt: number;
}

export function createTeamsBearer(deps: TeamsBearerDeps): TeamsBearer {
  const verified = new Map<string, Verified>();
  // NOTE: HMAC keyed by the connector's secret: the derived session token cannot be guessed from
  // the person's ids, which are no secret.
  const grantToken = (person: PersonIdentity, workerId: string) =>
    createHmac("sha256", deps.grantKey).update(`${workerId}\n${person.kind}\n${person.subject}`).digest("base64url");

  async function verify(token: string): Promise<Verified | undefined> {
    let identity;
    try {
      identity = await deps.verifier.verify(token);
    } catch (error) {
      if (error instanceof TeamsTokenError && error.kind === "invalid") return undefined;
      throw error;
    }
    const person = entraIdentity(identity.tenant, identity.oid);
    // NOTE: only looks: binding a person to a worker is POST /signin/teams's (on the owner node).
    const match = await matchPerson({ workers: deps.workers, store: deps.store, now: () => new Date(deps.now()) }, person, identity.name, { bindNew: false });
    return match.ok ? { workerId: match.worker.id, person, expiresAt: identity.expiresAt } : undefined;
  }

  return {
    async resolve(token) {
      const key = createHash("sha256").update(token).digest("base64url");
      let entry = verified.get(key);
      if (!entry) {
        entry = await verify(token);
        if (!entry) return undefined;
        if (verified.size >= MAX_CACHED_TOKENS) verified.delete(verified.keys().next().value!);
        verified.set(key, entry);
      }
      if (deps.now() >= entry.expiresAt) {
        verified.delete(key);
        return undefined;
      }
      const granted = await deps.sessions.resolve(grantToken(entry.person, entry.workerId));
      return granted?.workerId === entry.workerId ? { kind: "worker", workerId: entry.workerId } : undefined;
    },
    grant: (person, workerId) => deps.sessions.openDerived(grantToken(person, workerId), workerId),
  };
}

/** The connector's Teams bearer, or undefined when `teams-sso` is not configured. */
export function teamsBearerFor(
  config: ConnectorConfig,
  deps: Omit<TeamsBearerDeps, "verifier" | "workers" | "grantKey"> & { publicUrl(): string; secrets: Secrets },
): TeamsBearer | undefined {
  const options = config["teams-sso"];
  if (!options) return undefined;
  return createTeamsBearer({ ...deps, verifier: createTeamsTokenVerifier(options, deps.publicUrl), workers: config.workers, grantKey: deps.secrets.key("teams-grants") });
}
