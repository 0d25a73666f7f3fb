/**
 * The two kinds of bearer a tab inside Teams sends (README "Inside Microsoft Teams"), told apart
 * by shape: a Teams SSO token is a JWT (three dot-separated parts, lib/auth/teams-bearer.ts); the
 * session the organisation sign-in handed the tab (POST /signin/teams/handoff) is an opaque
 * base64url session token, which has no dot. Both are checked where the session cookie is:
 * resolveWorker() (lib/http/auth.ts), the Bayeux handshake and a window's goodbye.
 * NOTE: an integration API key is neither: a session lookup of it finds nothing, and a key route
 * never takes either kind.
 */
export type BearerKind = "teams-token" | "session";

export const bearerKind = (token: string): BearerKind => (token.includes(".") ? "teams-token" : "session");
