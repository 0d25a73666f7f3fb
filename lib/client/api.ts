/** The web client's requests to the connector: same origin, cookie session, JSON errors. */
import type { Presence } from "../domain/presence";

export interface WorkerView {
  id: string;
  name: string;
  presence: Presence;
  presenceSince: string;
  ready: boolean;
  windows: number;
  interactions: string[];
}

export interface SignInOptions {
  dev: boolean;
  workers: { id: string; name: string }[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: "same-origin", ...init, headers: { accept: "application/json", ...(init?.body ? { "content-type": "application/json" } : {}), ...init?.headers } });
  } catch {
    throw new ApiError(0, "network", "the connector could not be reached");
  }
  const body = (await response.json().catch(() => undefined)) as { error?: { code: string; message: string } } | undefined;
  if (!response.ok) {
    throw new ApiError(response.status, body?.error?.code ?? "error", body?.error?.message ?? `HTTP ${response.status}`);
  }
  return body as T;
}

export const api = {
  me: () => request<WorkerView>("/api/kw/me"),
  signInOptions: () => request<SignInOptions>("/api/kw/sign-in-options"),
  setPresence: (presence: Presence) => request<WorkerView>("/api/kw/presence", { method: "PUT", body: JSON.stringify({ presence }) }),
  signOut: () => request<{ signedOut: true }>("/signout", { method: "POST" }),
};

/** Tells the connector this window is going away; survives the page unloading. */
export function beaconWindowClosed(clientId: string): void {
  const body = new Blob([JSON.stringify({ clientId })], { type: "text/plain" });
  navigator.sendBeacon?.("/api/kw/windows/closed", body);
}
