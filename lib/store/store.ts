/**
 * The store port: everything the connector keeps across restarts. Implementations: SQLite
 * (embedded default) and PostgreSQL (lib/store/pg/, several nodes); both pass one contract suite
 * (tests/contract/store-contract.ts). Every method is async so a networked store fits the same port.
 *
 * Reads return what is committed, which may not be on disk yet: a caller that shows what it read
 * to anyone outside waits for `durable()` first (lib/connector/durable-read.ts).
 */
import type { Interaction, Offer } from "../domain/interaction";
import type { Presence } from "../domain/presence";
import type { CompanionStore } from "./companion-store";
import type { IdentityStore } from "./identity-store";
import type { InvitationStore } from "./invitation-store";

export interface WorkerRecord {
  id: string;
  name: string;
  presence: Presence;
  /** ISO time of the last presence change. */
  presenceSince: string;
  /** ISO time since which the worker is idle: made Ready, or finished an interaction. */
  idleSince: string;
  /** The UI language the worker chose (B12), on every device; absent: none chosen. */
  language?: string;
}

export type MessageSender = "customer" | "worker" | "system";

export interface ChatMessage {
  id: string;
  from: MessageSender;
  text: string;
  at: string;
}

/** What one step of an interaction's lifecycle writes, in one transaction. */
export interface InteractionChange {
  interaction: Interaction;
  /** An offer that this step closed (accepted, rejected, timed out, withdrawn). */
  closedOffer?: Offer;
  events: NewEvent[];
  /** A worker who became idle with this step (finished an interaction). */
  idle?: { worker: string; since: string };
  /** Chat messages this step adds (the system's "joined" or "left" line), in the same commit. */
  messages?: ChatMessage[];
  /** A presence change this step causes (a Preview that ran out sets the worker Away), in the same commit. */
  presence?: PresenceUpdate;
}

/** A worker's new presence as the store keeps it; its reporting event travels in `events`. */
export interface PresenceUpdate {
  worker: string;
  presence: Presence;
  /** ISO time of the change (the new presenceSince). */
  at: string;
  /** Set when the worker becomes Ready: idle from now on. */
  idleSince?: string;
}

export interface ReportingEvent {
  seq: number;
  at: string;
  type: string;
  /** Absent only for an interaction abandoned before it was offered to anyone. */
  worker?: string;
  interaction?: string;
  reasons?: Record<string, string>;
}

export type NewEvent = Omit<ReportingEvent, "seq">;

/** The first answer to POST /api/v1/interactions with an Idempotency-Key (per API key name). */
export interface IdempotencyRecord {
  /** The API key's name (each integrator's keys are its own namespace). */
  apiKey: string;
  key: string;
  /** SHA-256 of the request as validated: the same key with another body is refused. */
  requestHash: string;
  interaction: string;
  status: number;
  /** The answer's JSON without the customer token. */
  body: string;
  /** The customer token, encrypted (never the token itself). */
  sealedToken: string;
  createdAt: string;
}

/** A page of a chat's transcript, oldest first; `more` says whether messages lie beyond it. */
export interface MessagePage {
  messages: ChatMessage[];
  more: boolean;
}

/**
 * Which page: backwards, the last `limit` messages (or the `limit` just before message `before`);
 * forwards (`after` set), the first `limit` messages (after: null) or those just after message `after`.
 */
export type MessagePageQuery = { limit: number; before?: string } | { limit: number; after: string | null };

export interface SessionRecord {
  /** What the session signs in: a Knowledge Worker today. */
  worker: string;
  createdAt: string;
  expiresAt: string;
  /**
   * Set for a session invitation links opened: it reaches those offers and their interactions
   * only (a second link opened in the same browser adds its own).
   */
  scopes?: SessionScope[];
}

/** What a scoped session reaches: one offer and the interaction it is for. */
export interface SessionScope {
  offer: string;
  interaction: string;
}

export interface Store extends InvitationStore, IdentityStore, CompanionStore {
  /** Adds configured workers that are new (presence offline) and renames known ones. */
  syncWorkers(workers: readonly { id: string; name: string }[], at: string): Promise<void>;
  getWorker(id: string): Promise<WorkerRecord | undefined>;
  listWorkers(): Promise<WorkerRecord[]>;
  /** Keeps the worker's choice of UI language (null: none); undefined for an unknown worker. */
  setLanguage(id: string, language: string | null): Promise<WorkerRecord | undefined>;
  /**
   * Sets a worker's presence and appends the reporting event in one transaction, so a change is
   * never announced without being kept. Returns undefined for an unknown worker.
   */
  setPresence(
    id: string,
    presence: Presence,
    event: NewEvent,
    idleSince?: string,
  ): Promise<{ worker: WorkerRecord; event: ReportingEvent } | undefined>;
  appendEvent(event: NewEvent): Promise<ReportingEvent>;
  /** Events with seq greater than `after`, oldest first, at most `limit`. */
  listEvents(after: number, limit: number): Promise<ReportingEvent[]>;

  /**
   * Keeps a new interaction and its first events; the token hash lets a customer reach it. With
   * `idempotency`, its key is kept in the same transaction (and keys created before `purgeBefore`
   * are deleted), so no crash leaves an interaction without the key that made it.
   */
  createInteraction(
    change: InteractionChange,
    customerTokenHash?: string,
    idempotency?: { record: IdempotencyRecord; purgeBefore: string },
  ): Promise<ReportingEvent[]>;
  /** The answer kept for this key, unless it was created before `notBefore`. */
  getIdempotencyRecord(apiKey: string, key: string, notBefore: string): Promise<IdempotencyRecord | undefined>;
  /** Keeps one lifecycle step of an existing interaction. */
  updateInteraction(change: InteractionChange): Promise<ReportingEvent[]>;
  getInteraction(id: string): Promise<Interaction | undefined>;
  /** Interactions not done or abandoned, oldest first. */
  listOpenInteractions(): Promise<Interaction[]>;
  /**
   * The worker's finished work (Recent interactions): interactions in state `done` whose
   * `worker` is `worker` (who finished them; a transferred one is its last worker's), whose
   * `updatedAt` (when they became done: nothing changes a done interaction after) is at or after
   * `since` (ISO times compare as strings), newest first (ties: the later created first), at most `limit`.
   */
  listRecentInteractions(worker: string, since: string, limit: number): Promise<Interaction[]>;
  interactionIdForCustomerToken(tokenHash: string): Promise<string | undefined>;
  /**
   * Appends a chat message unless one with the same id exists for that interaction (a retried
   * send); returns the message as kept and whether it is new.
   */
  appendMessage(interactionId: string, message: ChatMessage): Promise<{ message: ChatMessage; created: boolean }>;
  listMessages(interactionId: string): Promise<ChatMessage[]>;
  /** One page of the transcript; a cursor id that is not in this chat gives an empty page. */
  listMessagePage(interactionId: string, query: MessagePageQuery): Promise<MessagePage>;

  createSession(tokenHash: string, session: SessionRecord): Promise<void>;
  getSession(tokenHash: string, now: string): Promise<SessionRecord | undefined>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Replaces what a scoped session reaches. */
  setSessionScopes(tokenHash: string, scopes: SessionScope[]): Promise<void>;
  /** Deletes every session of the worker (sign-out ends them all); resolves with how many there were. */
  deleteWorkerSessions(worker: string): Promise<number>;

  /**
   * Resolves once everything written so far is on disk. Writes return when they are committed;
   * an acknowledgement or announcement of one waits for this.
   */
  durable(): Promise<void>;

  close(): Promise<void>;
}
