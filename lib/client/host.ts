"use client";
/**
 * Host detection, once per page: is this window inside Microsoft Teams, or standalone? A store
 * that React reads with `useHost()`, plus the app-caching events (suspend, resume) that the live
 * connection listens to. The page never waits for it: it renders and connects at once, and
 * follows the host when (if) the host answers.
 */
import { useSyncExternalStore } from "react";
import { mayHaveHost, type HostState, type Theme } from "./host-context";

/** How long a framed page waits for a host to answer teams-js before it is standalone. */
export const HOST_ANSWER_TIMEOUT_MS = 4_000;

type Lifecycle = "suspend" | "resume";

const DETECTING: HostState = { kind: "detecting" };
let state: HostState = DETECTING;
let started = false;
const listeners = new Set<() => void>();
const lifecycleListeners = new Set<(event: Lifecycle) => Promise<void> | void>();

function set(next: HostState): void {
  state = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function hostState(): HostState {
  return state;
}

/**
 * A Teams SSO token for the connector to check (the Teams sign-in), or undefined outside Teams.
 * Rejects when Teams refuses (the user must consent, or the app has no SSO set up).
 */
export async function hostAuthToken(): Promise<string | undefined> {
  if (state.kind !== "teams") return undefined;
  const { teamsAuthToken } = await import("./teams-session");
  return teamsAuthToken();
}

/** Called when Teams suspends the cached tab (resolve once let go) and when it resumes it. */
export function onHostLifecycle(listener: (event: Lifecycle) => Promise<void> | void): () => void {
  lifecycleListeners.add(listener);
  return () => lifecycleListeners.delete(listener);
}

async function emit(event: Lifecycle): Promise<void> {
  await Promise.allSettled([...lifecycleListeners].map(async (listener) => listener(event)));
}

/** Starts detection (once; later calls do nothing). */
export function detectHost(): void {
  if (started) return;
  started = true;
  if (!mayHaveHost(window)) return set({ kind: "standalone", reason: "top-level" });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), HOST_ANSWER_TIMEOUT_MS);
  });
  const teams = import("./teams-session").then(({ startTeams }) =>
    startTeams({
      onTheme: (theme: Theme) => {
        if (state.kind === "teams") set({ ...state, theme });
      },
      onSuspend: async () => {
        if (state.kind === "teams") set({ ...state, suspended: true });
        await emit("suspend");
      },
      onResume: (info) => {
        // NOTE: a deep link may have shown the cached tab on another offer: its sub-page is new.
        if (state.kind === "teams") set({ ...state, subPageId: undefined, ...info, suspended: false });
        void emit("resume");
      },
    }),
  );
  void Promise.race([teams, timeout]).then(
    (outcome) => {
      clearTimeout(timer);
      // NOTE: a host that answers after the time limit is ignored: the page is standalone by then.
      if (outcome === "timeout") return set({ kind: "standalone", reason: "no-answer" });
      if (outcome.kind === "bad-answer") {
        console.warn(`UC Connector: the host did not answer as Microsoft Teams does (${outcome.detail}); running standalone`);
        return set({ kind: "standalone", reason: "bad-answer" });
      }
      set({ kind: "teams", suspended: false, ...outcome.info });
    },
    () => {
      // teams-js itself did not load (a network failure): no host can be talked to.
      clearTimeout(timer);
      set({ kind: "standalone", reason: "no-answer" });
    },
  );
}

/** The host as React sees it ("detecting" until `detectHost()` decides). */
export function useHost(): HostState {
  return useSyncExternalStore(subscribe, hostState, () => DETECTING);
}
