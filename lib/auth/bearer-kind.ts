/**
 * The two kinds of bearer a tab inside Teams sends (README "Inside Microsoft Teams"), told apart
 * by shape: a Teams SSO token is a JWT (three dot-separated parts, lib/auth/teams-bearer.ts); the
 * session the organisation sign-in handed the tab (POST /signin/teams/handoff) is an opaque
 * base64url session token, which has no dot. Both are checked where the session cookie is:
 * resolveWorker() (lib/http/auth.ts), the Bayeux handshake and a window's goodbye.
 * NOTE: an integration API key is neither: a session lookup of it finds nothing, and a key route
 * never takes either kind.
 */
import type { WorkerPrincipal } from "../bayeux/authorizer";
import { MAX_TEAMS_TOKEN_LENGTH } from "./teams-token";

export type BearerKind = "teams-token" | "session";

export const bearerKind = (token: string): BearerKind => (token.includes(".") ? "teams-token" : "session");

/** What resolving a tab's bearer needs: the sessions, the Teams token check (when Teams SSO is configured). */
export interface TabBearerDeps {
  sessions: { resolve(token: string | undefined): Promise<WorkerPrincipal | undefined> };
  teams?: { resolve(token: string): Promise<WorkerPrincipal | undefined> };
  /** Told of every Teams token that signed a worker in (Teams presence subscriptions use the newest). */
  seenTeamsToken?(workerId: string, token: string): void;
}

/** The worker a tab's bearer of either kind signs in, or undefined: the one check for HTTP and Bayeux. */
export async function resolveTabBearer(token: string, deps: TabBearerDeps): Promise<WorkerPrincipal | undefined> {
  if (token.length > MAX_TEAMS_TOKEN_LENGTH) return undefined;
  if (bearerKind(token) === "session") return deps.sessions.resolve(token);
  const principal = await deps.teams?.resolve(token);
  if (principal) deps.seenTeamsToken?.(principal.workerId, token);
  return principal;
}
