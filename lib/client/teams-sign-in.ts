/**
 * Teams tab SSO, the browser's half: the token teams-js gave (`authentication.getAuthToken()`)
 * is shown to the connector at POST /signin/teams, which opens the person's Teams sign-in; the
 * tab then sends the same token as its bearer (lib/client/teams-auth.ts). Rejects with ApiError:
 * 401 a token that does not check out, 403 a person who is not a Knowledge Worker here (or Teams
 * SSO not configured), 503 keys unreachable.
 */
import { request } from "./api";

export interface TeamsSignedIn {
  worker: { id: string; name: string };
}

export function signInWithTeamsToken(token: string): Promise<TeamsSignedIn> {
  return request<TeamsSignedIn>("/signin/teams", { method: "POST", body: JSON.stringify({ token }) });
}

/**
 * Whether teams-js refused the token because the person (or an administrator) must consent first:
 * Entra's `invalid_grant` / `resourceRequiresConsent`, or teams-js's own words for it.
 */
export function needsConsent(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /resourceRequiresConsent|invalid_grant|consent/i.test(text);
}

const SIGNED_OUT_KEY = "ucc.teams.signed-out";

/**
 * "Signed out in this Teams window", kept across a reload of the tab so Teams' SSO does not sign
 * the person straight back in. NOTE: best effort: a browser that blocks the iframe's storage
 * throws here, and the page's memory (lib/client/teams-auth.ts) is all there is.
 */
export const teamsSignedOutHere = {
  read(): boolean {
    try {
      return window.sessionStorage.getItem(SIGNED_OUT_KEY) === "1";
    } catch {
      return false;
    }
  },
  mark(): void {
    try {
      window.sessionStorage.setItem(SIGNED_OUT_KEY, "1");
    } catch {
      // see above
    }
  },
  clear(): void {
    try {
      window.sessionStorage.removeItem(SIGNED_OUT_KEY);
    } catch {
      // see above
    }
  },
};
