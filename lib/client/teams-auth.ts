"use client";
/**
 * The tab's Teams sign-in, in memory only (README "Inside Microsoft Teams"): the SSO token teams-js
 * gave goes as `Authorization: Bearer` on the tab's own calls and in every Bayeux message, since a
 * browser that blocks third-party cookies keeps no session cookie in Teams' iframe. It is fetched
 * again from teams-js before it expires, and when the connector refuses it (401).
 *
 * The organisation sign-in (Teams' authentication window) hands the tab a session instead: it is
 * held the same way, sent the same way, and not refreshable (refused, the tab is signed out).
 *
 * `none`: this page has not signed in through Teams yet (it may sign in by itself); `signed-in`;
 * `ended`: the worker signed out here, or the connector refused a fresh token: only the person's
 * own "Sign in" starts again (no automatic sign-in loop).
 */
import { useSyncExternalStore } from "react";
import { z } from "zod";
import { hostAuthToken } from "./host";

export type TeamsAuth = { kind: "none" } | { kind: "signed-in"; token: string; refreshable: boolean } | { kind: "ended" };

/** A token is fetched again this long before its `exp` (teams-js refreshes its own cache then too). */
const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;
/** Never sooner than this after the last one, whatever the token says. */
const MIN_REFRESH_DELAY_MS = 30_000;
/** setTimeout's largest delay. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const NONE: TeamsAuth = { kind: "none" };
let state: TeamsAuth = NONE;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let refreshing: Promise<boolean> | undefined;
const listeners = new Set<() => void>();

function set(next: TeamsAuth): void {
  state = next;
  for (const listener of listeners) listener();
}

/** The token to send as a bearer, while signed in through Teams. */
export function teamsBearer(): string | undefined {
  return state.kind === "signed-in" ? state.token : undefined;
}

const payloadSchema = z.object({ exp: z.number() });

/** The token's `exp` in ms, read (not trusted: the connector checks it) to plan the refresh. */
export function tokenExpiry(token: string): number | undefined {
  try {
    const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const parsed = payloadSchema.safeParse(JSON.parse(atob(payload)));
    return parsed.success ? parsed.data.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** The connector took this token (POST /signin/teams): it signs the tab in from now on. */
export function holdTeamsToken(token: string): void {
  clearTimeout(refreshTimer);
  set({ kind: "signed-in", token, refreshable: true });
  const expiry = tokenExpiry(token);
  if (expiry === undefined) return;
  const delay = Math.min(MAX_TIMER_MS, Math.max(MIN_REFRESH_DELAY_MS, expiry - Date.now() - REFRESH_BEFORE_EXPIRY_MS));
  refreshTimer = setTimeout(() => void refreshTeamsToken(), delay);
}

/**
 * The session the organisation sign-in handed this tab (POST /signin/teams/handoff): its bearer
 * until Sign out. NOTE: after a sign-out the page's data and connection are spent: the client
 * body starts afresh under a new `generation` (kw-client), the bearer surviving in memory.
 */
export function holdSessionBearer(token: string): void {
  clearTimeout(refreshTimer);
  if (state.kind === "ended") generation += 1;
  set({ kind: "signed-in", token, refreshable: false });
}

let generation = 0;

/** Bumped when a tab signed out here signs in again without a reload (see holdSessionBearer). */
export const teamsAuthGeneration = () => generation;

/** Signed out here, or refused: no token is sent, and none is asked for until "Sign in". */
export function endTeamsAuth(): void {
  clearTimeout(refreshTimer);
  set({ kind: "ended" });
}

/**
 * Asks teams-js for the token again (before expiry, or after a 401); resolves whether the tab
 * still holds one. Concurrent callers share one request.
 */
export function refreshTeamsToken(): Promise<boolean> {
  if (state.kind !== "signed-in" || !state.refreshable) return Promise.resolve(false);
  refreshing ??= hostAuthToken()
    .then(
      (token) => {
        if (token && state.kind === "signed-in") holdTeamsToken(token);
        return Boolean(token);
      },
      () => false,
    )
    .finally(() => (refreshing = undefined));
  return refreshing;
}

export function useTeamsAuth(): TeamsAuth {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
    () => NONE,
  );
}
