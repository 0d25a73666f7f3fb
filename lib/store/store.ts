/**
 * The store port: everything the connector keeps across restarts. Implementations: SQLite
 * (embedded default). Every method is async so a networked store fits the same port.
 */
import type { Presence } from "../domain/presence";

export interface WorkerRecord {
  id: string;
  name: string;
  presence: Presence;
  /** ISO time of the last presence change. */
  presenceSince: string;
}

export interface ReportingEvent {
  seq: number;
  at: string;
  type: string;
  worker: string;
  interaction?: string;
  reasons?: Record<string, string>;
}

export type NewEvent = Omit<ReportingEvent, "seq">;

export interface SessionRecord {
  /** What the session signs in: a Knowledge Worker today. */
  worker: string;
  createdAt: string;
  expiresAt: string;
}

export interface Store {
  /** Adds configured workers that are new (presence offline) and renames known ones. */
  syncWorkers(workers: readonly { id: string; name: string }[], at: string): Promise<void>;
  getWorker(id: string): Promise<WorkerRecord | undefined>;
  listWorkers(): Promise<WorkerRecord[]>;
  /**
   * Sets a worker's presence and appends the reporting event in one transaction, so a change is
   * never announced without being kept. Returns undefined for an unknown worker.
   */
  setPresence(
    id: string,
    presence: Presence,
    event: NewEvent,
  ): Promise<{ worker: WorkerRecord; event: ReportingEvent } | undefined>;
  appendEvent(event: NewEvent): Promise<ReportingEvent>;
  /** Events with seq greater than `after`, oldest first, at most `limit`. */
  listEvents(after: number, limit: number): Promise<ReportingEvent[]>;

  createSession(tokenHash: string, session: SessionRecord): Promise<void>;
  getSession(tokenHash: string, now: string): Promise<SessionRecord | undefined>;
  deleteSession(tokenHash: string): Promise<void>;

  close(): Promise<void>;
}
