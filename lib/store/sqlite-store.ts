import Database from "better-sqlite3";
import type { Presence } from "../domain/presence";
import { SQLITE_MIGRATIONS } from "./sqlite-migrations";
import type { NewEvent, ReportingEvent, SessionRecord, Store, WorkerRecord } from "./store";

interface WorkerRow {
  id: string;
  name: string;
  presence: string;
  presence_since: string;
}

interface EventRow {
  seq: number;
  at: string;
  type: string;
  worker: string;
  interaction: string | null;
  reasons: string | null;
}

const toWorker = (row: WorkerRow): WorkerRecord => ({
  id: row.id,
  name: row.name,
  presence: row.presence as Presence,
  presenceSince: row.presence_since,
});

const toEvent = (row: EventRow): ReportingEvent => ({
  seq: row.seq,
  at: row.at,
  type: row.type,
  worker: row.worker,
  ...(row.interaction ? { interaction: row.interaction } : {}),
  ...(row.reasons ? { reasons: JSON.parse(row.reasons) as Record<string, string> } : {}),
});

/** Applies the migrations that have not run yet, each in its own transaction. */
export function migrate(db: Database.Database): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  for (let version = current; version < SQLITE_MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(SQLITE_MIGRATIONS[version]);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

/** The embedded store: one SQLite file in WAL mode, synchronous=FULL so an ack survives a crash. */
export function openSqliteStore(file: string): Store {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("busy_timeout = 5000");
  migrate(db);

  const q = {
    insertWorker: db.prepare(
      "INSERT INTO workers (id, name, presence, presence_since) VALUES (?, ?, 'offline', ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name",
    ),
    getWorker: db.prepare<[string], WorkerRow>("SELECT * FROM workers WHERE id = ?"),
    listWorkers: db.prepare<[], WorkerRow>("SELECT * FROM workers ORDER BY id"),
    setPresence: db.prepare("UPDATE workers SET presence = ?, presence_since = ? WHERE id = ?"),
    insertEvent: db.prepare(
      "INSERT INTO events (at, type, worker, interaction, reasons) VALUES (?, ?, ?, ?, ?)",
    ),
    listEvents: db.prepare<[number, number], EventRow>(
      "SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
    ),
    createSession: db.prepare(
      "INSERT INTO sessions (token_hash, worker, created_at, expires_at) VALUES (?, ?, ?, ?)",
    ),
    getSession: db.prepare<[string, string], { worker: string; created_at: string; expires_at: string }>(
      "SELECT worker, created_at, expires_at FROM sessions WHERE token_hash = ? AND expires_at > ?",
    ),
    deleteSession: db.prepare("DELETE FROM sessions WHERE token_hash = ?"),
    purgeSessions: db.prepare("DELETE FROM sessions WHERE expires_at <= ?"),
  };

  const appendEvent = (event: NewEvent): ReportingEvent => {
    const info = q.insertEvent.run(
      event.at,
      event.type,
      event.worker,
      event.interaction ?? null,
      event.reasons ? JSON.stringify(event.reasons) : null,
    );
    return { ...event, seq: Number(info.lastInsertRowid) };
  };

  const setPresenceTx = db.transaction((id: string, presence: Presence, event: NewEvent) => {
    const changed = q.setPresence.run(presence, event.at, id);
    if (changed.changes === 0) return undefined;
    const stored = appendEvent(event);
    return { worker: toWorker(q.getWorker.get(id)!), event: stored };
  });

  return {
    async syncWorkers(workers, at) {
      db.transaction(() => {
        for (const w of workers) q.insertWorker.run(w.id, w.name, at);
      })();
    },
    async getWorker(id) {
      const row = q.getWorker.get(id);
      return row ? toWorker(row) : undefined;
    },
    async listWorkers() {
      return q.listWorkers.all().map(toWorker);
    },
    async setPresence(id, presence, event) {
      return setPresenceTx(id, presence, event);
    },
    async appendEvent(event) {
      return appendEvent(event);
    },
    async listEvents(after, limit) {
      return q.listEvents.all(after, limit).map(toEvent);
    },
    async createSession(tokenHash, session: SessionRecord) {
      q.purgeSessions.run(session.createdAt);
      q.createSession.run(tokenHash, session.worker, session.createdAt, session.expiresAt);
    },
    async getSession(tokenHash, now) {
      const row = q.getSession.get(tokenHash, now);
      return row ? { worker: row.worker, createdAt: row.created_at, expiresAt: row.expires_at } : undefined;
    },
    async deleteSession(tokenHash) {
      q.deleteSession.run(tokenHash);
    },
    async close() {
      db.close();
    },
  };
}
