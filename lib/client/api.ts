/** The web client's requests to the connector: same origin, cookie session (or Teams bearer), JSON errors. */
import type { Action } from "../domain/capabilities";
import type { Presence } from "../domain/presence";
import type { ChatMessageView, CustomerChatView, OfferView, RecentInteractionView, WorkerInteractionView } from "../protocol";
import type { CompanionView } from "../protocol";
import { endTeamsAuth, refreshTeamsToken, teamsBearer } from "./teams-auth";
import type { WorkspaceTexts } from "./workspace-texts";

/** A held interaction: a chat carries its newest messages; `hasEarlier` says older ones exist. */
export type HeldInteraction = WorkerInteractionView & { messages: ChatMessageView[]; hasEarlier?: boolean };

/** A page of a transcript, oldest first (GET /api/kw/interactions/{id}/messages). */
export interface TranscriptPage {
  messages: ChatMessageView[];
  hasEarlier: boolean;
}

export interface WorkerView {
  id: string;
  name: string;
  presence: Presence;
  presenceSince: string;
  ready: boolean;
  windows: number;
  interactions: string[];
  /** The UI language the worker chose (B12); null: none, follow Teams or the browser. */
  language?: string | null;
  /** Set when invitation links opened this session: it reaches these offers and interactions only. */
  scopes?: ReadonlyArray<{ offer: string; interaction: string }> | null;
  /** The worker's desktop companion (B11), kept current by pushes. */
  companion?: CompanionView;
  /** ISO time since which this worker's Teams presence is out of sync (Microsoft Graph); null: in sync or not synced. */
  teamsPresenceOutOfSyncSince?: string | null;
}

export interface SignInOptions {
  dev: boolean;
  /** Sign-in through the organisation's identity provider (GET /signin). */
  oidc: boolean;
  /** Teams SSO is configured: inside Teams the tab signs in with its Teams token. */
  teamsSso: boolean;
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

/** The worker's own calls: inside Teams they carry the Teams token (lib/client/teams-auth.ts). */
const WORKER_PATH = /^\/(api\/kw\/|signout$)/;

export async function request<T>(path: string, init?: RequestInit): Promise<T> {
  const send = async () => {
    const teams = WORKER_PATH.test(path) ? teamsBearer() : undefined;
    const auth: Record<string, string> = teams ? { authorization: `Bearer ${teams}` } : {};
    try {
      const response = await fetch(path, { credentials: "same-origin", ...init, headers: { accept: "application/json", ...(init?.body ? { "content-type": "application/json" } : {}), ...auth, ...init?.headers } });
      return { response, teams };
    } catch {
      throw new ApiError(0, "network", "the connector could not be reached");
    }
  };
  let { response, teams } = await send();
  // NOTE: a refused Teams token (expired, or the person signed out elsewhere): one fresh token is
  // asked for; refused again, the tab is signed out until the person presses "Sign in".
  if (response.status === 401 && teams) {
    if (await refreshTeamsToken()) ({ response, teams } = await send());
    if (response.status === 401 && teams) endTeamsAuth();
  }
  const body = (await response.json().catch(() => undefined)) as { error?: { code: string; message: string } } | undefined;
  if (!response.ok) {
    throw new ApiError(response.status, body?.error?.code ?? "error", body?.error?.message ?? `HTTP ${response.status}`);
  }
  return body as T;
}

export const api = {
  me: () => request<WorkerView>("/api/kw/me"),
  texts: () => request<WorkspaceTexts>("/api/kw/texts"),
  signInOptions: () => request<SignInOptions>("/api/kw/sign-in-options"),
  setPresence: (presence: Presence) => request<WorkerView>("/api/kw/presence", { method: "PUT", body: JSON.stringify({ presence }) }),
  setLanguage: (language: string | null) => request<WorkerView>("/api/kw/language", { method: "PUT", body: JSON.stringify({ language }) }),
  signOut: () => request<{ signedOut: true }>("/signout", { method: "POST" }),
  /** A one-time code for the desktop companion (shown once). */
  pairingCode: () => request<{ code: string; expiresAt: string }>("/api/kw/companion/pairing-code", { method: "POST" }),
  /** Forgets the desktop companion's credentials and disconnects it. */
  unpairCompanion: () => request<{ unpaired: true; credentials: number }>("/api/kw/companion", { method: "DELETE" }),
  offers: () => request<OfferView[]>("/api/kw/offers"),
  interactions: () => request<HeldInteraction[]>("/api/kw/interactions"),
  answer: (action: "accept" | "reject" | "extend", interactionId: string, offerId: string) =>
    request<WorkerInteractionView>(`/api/kw/interactions/${encodeURIComponent(interactionId)}/${action}`, {
      method: "POST",
      body: JSON.stringify({ offerId }),
    }),
  /** Any worker control (hold, dtmf, transfer, done…); the connector answers 409 naming what is allowed. */
  act: (interactionId: string, action: Action, body: Record<string, unknown> = {}) =>
    request<WorkerInteractionView>(`/api/kw/interactions/${encodeURIComponent(interactionId)}/actions/${action}`, { method: "POST", body: JSON.stringify(body) }),
  /** Who could take it now, with their presence and room for more of its media (`free`). */
  transferTargets: (interactionId: string) => request<{ id: string; name: string; presence: Presence; free: number }[]>(`/api/kw/interactions/${encodeURIComponent(interactionId)}/transfer-targets`),
  /** The messages just before message `before` (the transcript's "Show earlier messages"). */
  earlierMessages: (interactionId: string, before: string) =>
    request<TranscriptPage>(`/api/kw/interactions/${encodeURIComponent(interactionId)}/messages?before=${encodeURIComponent(before)}`),
  /** GET /api/kw/recent?since=…: `path` is the whole request path (the SWR key). */
  recent: (path: string) => request<RecentInteractionView[]>(path),
  /** The newest page of a chat's transcript (a finished one's, in Recent interactions). */
  latestMessages: (interactionId: string) => request<TranscriptPage>(`/api/kw/interactions/${encodeURIComponent(interactionId)}/messages`),
  typing: (interactionId: string) => request<unknown>(`/api/kw/interactions/${encodeURIComponent(interactionId)}/typing`, { method: "POST", body: "{}" }),
};

/** The customer's calls: the integration API with the chat's own token. */
export const customerApi = {
  start: (name: string, subject: string) =>
    request<{ id: string; state: string; token: string }>("/api/chat", { method: "POST", body: JSON.stringify({ name, subject }) }),
  chat: (id: string, token: string) =>
    request<CustomerChatView>(`/api/v1/interactions/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${token}` } }),
  messages: (id: string, token: string) =>
    request<ChatMessageView[]>(`/api/v1/interactions/${encodeURIComponent(id)}/messages`, { headers: { authorization: `Bearer ${token}` } }),
  send: (id: string, token: string, messageId: string, text: string) =>
    request<ChatMessageView>(`/api/v1/interactions/${encodeURIComponent(id)}/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({ id: messageId, text }),
    }),
  typing: (id: string, token: string) =>
    request<unknown>(`/api/v1/interactions/${encodeURIComponent(id)}/typing`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: "{}" }),
  leave: (id: string, token: string) =>
    request<unknown>(`/api/v1/interactions/${encodeURIComponent(id)}/end`, { method: "POST", headers: { authorization: `Bearer ${token}` } }),
};

/** A client-made message id, so a retried send is kept once. */
export function newMessageId(): string {
  return `c${crypto.randomUUID().replace(/-/g, "")}`;
}

/** Tells the connector this window is going away; survives the page unloading. */
export function beaconWindowClosed(clientId: string): void {
  // NOTE: a beacon carries no Authorization header: inside Teams with no cookie, the tab's bearer goes in the body.
  const bearer = teamsBearer();
  const body = new Blob([JSON.stringify({ clientId, ...(bearer ? { bearer } : {}) })], { type: "text/plain" });
  navigator.sendBeacon?.("/api/kw/windows/closed", body);
}
