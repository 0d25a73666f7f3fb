/**
 * The organisation sign-in from a tab inside Microsoft Teams (README "Inside Microsoft Teams"):
 * the identity provider never loads in Teams' iframe. The tab opens Teams' authentication window
 * (teams-js `authentication.authenticate`) on GET /signin?teams=1 with the challenge of a verifier
 * it keeps in memory; that window's last page passes a handoff code back; the tab redeems it with
 * the verifier (POST /signin/teams/handoff) for a session it sends as its bearer from then on.
 */
import { request } from "./api";
import { holdSessionBearer } from "./teams-auth";

/** How the window ended, when it gave no code: closed by the person, or the connector's reason. */
export class TeamsWindowError extends Error {
  constructor(readonly reason: string) {
    super(`the sign-in window ended: ${reason}`);
  }
}

/** What teams-js rejects with when the person closes Teams' authentication window. */
export const WINDOW_CLOSED = "CancelledByUser";

const base64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/** Signs the tab in through Teams' authentication window; rejects with TeamsWindowError or ApiError. */
export async function signInThroughTeamsWindow(): Promise<{ worker: { id: string; name: string } }> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))));
  const url = new URL("/signin", window.location.origin);
  url.searchParams.set("teams", "1");
  url.searchParams.set("challenge", challenge);
  const { teamsAuthenticate } = await import("./teams-session");
  let code: string;
  try {
    code = await teamsAuthenticate(url.href);
  } catch (error) {
    throw new TeamsWindowError(error instanceof Error ? error.message.slice(0, 100) : WINDOW_CLOSED);
  }
  const { bearer, worker } = await request<{ bearer: string; worker: { id: string; name: string } }>("/signin/teams/handoff", {
    method: "POST",
    body: JSON.stringify({ code, verifier }),
  });
  holdSessionBearer(bearer);
  return { worker };
}
