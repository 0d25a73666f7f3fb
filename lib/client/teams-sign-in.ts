/**
 * Teams tab SSO, the browser's half: the token teams-js gave (`authentication.getAuthToken()`)
 * is exchanged for a session at POST /signin/teams. The session then rides on a cookie that
 * works inside the Teams iframe (README "Teams tab SSO"), so every later call and the Bayeux
 * connection need nothing more. Rejects with ApiError: 401 a token that does not check out,
 * 403 a person who is not a Knowledge Worker here (or Teams SSO not configured), 503 keys unreachable.
 */
import { request } from "./api";

export interface TeamsSignedIn {
  worker: { id: string; name: string };
}

export function signInWithTeamsToken(token: string): Promise<TeamsSignedIn> {
  return request<TeamsSignedIn>("/signin/teams", { method: "POST", body: JSON.stringify({ token }) });
}
