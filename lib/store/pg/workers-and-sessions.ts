/** The PostgreSQL side of workers (presence, language, idle time), reporting events and sessions. */
import type { NewEvent, PresenceUpdate, ReportingEvent, SessionScope, Store } from "../store";
import { json, toEvent, toWorker, type EventRow, type WorkerRow } from "./rows";
import type { Db, Tx, Write } from "./transactions";

type WorkersAndSessions = Pick<
  Store,
  | "syncWorkers"
  | "getWorker"
  | "listWorkers"
  | "setLanguage"
  | "setPresence"
  | "appendEvent"
  | "listEvents"
  | "createSession"
  | "getSession"
  | "deleteSession"
  | "setSessionScopes"
  | "deleteWorkerSessions"
>;

const SET_PRESENCE =
  "UPDATE workers SET presence = $2, presence_since = $3, idle_since = coalesce($4, idle_since) WHERE id = $1 AND configured RETURNING *";

export async function insertEvent(tx: Tx, event: NewEvent): Promise<ReportingEvent> {
  const { rows } = await tx.query<{ seq: string }>(
    "INSERT INTO events (at, type, worker, interaction, reasons) VALUES ($1, $2, $3, $4, $5) RETURNING seq",
    [event.at, event.type, event.worker ?? "", event.interaction ?? null, json(event.reasons)],
  );
  return { ...event, seq: Number(rows[0].seq) };
}

/** A presence change inside another write (an offer that ran out sets the worker Away). */
export async function updatePresence(tx: Tx, p: PresenceUpdate): Promise<void> {
  const { rowCount } = await tx.query(SET_PRESENCE, [p.worker, p.presence, p.at, p.idleSince ?? null]);
  if (rowCount === 0) throw new Error(`worker ${p.worker} is not in the store`);
}

export async function setIdle(tx: Tx, worker: string, since: string): Promise<void> {
  await tx.query("UPDATE workers SET idle_since = $2 WHERE id = $1", [worker, since]);
}

export function pgWorkersAndSessions(db: Db, write: Write): WorkersAndSessions {
  return {
    async syncWorkers(workers, at) {
      // NOTE: one row per id (the last name wins, as one INSERT … ON CONFLICT cannot touch a row twice).
      const byId = new Map(workers.map((w) => [w.id, w.name]));
      await write(async (tx) => {
        await tx.query("UPDATE workers SET configured = false");
        await tx.query(
          `INSERT INTO workers (id, name, presence, presence_since, idle_since, configured)
           SELECT id, name, 'offline', $3, $3, true FROM unnest($1::text[], $2::text[]) AS w (id, name)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, configured = true`,
          [[...byId.keys()], [...byId.values()], at],
        );
        await tx.query("DELETE FROM sessions WHERE worker IN (SELECT id FROM workers WHERE NOT configured)");
      });
    },
    async getWorker(id) {
      const { rows } = await db.query<WorkerRow>("SELECT * FROM workers WHERE id = $1 AND configured", [id]);
      return rows[0] ? toWorker(rows[0]) : undefined;
    },
    async listWorkers() {
      const { rows } = await db.query<WorkerRow>("SELECT * FROM workers WHERE configured ORDER BY id");
      return rows.map(toWorker);
    },
    async setLanguage(id, language) {
      const { rows } = await write((tx) => tx.query<WorkerRow>("UPDATE workers SET language = $2 WHERE id = $1 AND configured RETURNING *", [id, language]));
      return rows[0] ? toWorker(rows[0]) : undefined;
    },
    async setPresence(id, presence, event, idleSince) {
      return write(async (tx) => {
        const { rows } = await tx.query<WorkerRow>(SET_PRESENCE, [id, presence, event.at, idleSince ?? null]);
        if (!rows[0]) return undefined;
        return { worker: toWorker(rows[0]), event: await insertEvent(tx, event) };
      });
    },
    async appendEvent(event) {
      return write((tx) => insertEvent(tx, event));
    },
    async listEvents(after, limit) {
      const { rows } = await db.query<EventRow>("SELECT * FROM events WHERE seq > $1 ORDER BY seq LIMIT $2", [after, limit]);
      return rows.map(toEvent);
    },
    async createSession(tokenHash, session) {
      await write(async (tx) => {
        await tx.query("DELETE FROM sessions WHERE expires_at <= $1", [session.createdAt]);
        await tx.query("INSERT INTO sessions (token_hash, worker, created_at, expires_at, scope) VALUES ($1, $2, $3, $4, $5)", [
          tokenHash,
          session.worker,
          session.createdAt,
          session.expiresAt,
          json(session.scopes),
        ]);
      });
    },
    async getSession(tokenHash, now) {
      const { rows } = await db.query<{ worker: string; created_at: Date; expires_at: Date; scope: SessionScope[] | null }>(
        "SELECT worker, created_at, expires_at, scope FROM sessions WHERE token_hash = $1 AND expires_at > $2",
        [tokenHash, now],
      );
      const row = rows[0];
      if (!row) return undefined;
      return { worker: row.worker, createdAt: row.created_at.toISOString(), expiresAt: row.expires_at.toISOString(), ...(row.scope ? { scopes: row.scope } : {}) };
    },
    async deleteSession(tokenHash) {
      await write((tx) => tx.query("DELETE FROM sessions WHERE token_hash = $1", [tokenHash]));
    },
    async setSessionScopes(tokenHash, scopes) {
      await write((tx) => tx.query("UPDATE sessions SET scope = $2 WHERE token_hash = $1", [tokenHash, json(scopes)]));
    },
    async deleteWorkerSessions(worker) {
      const { rowCount } = await write((tx) => tx.query("DELETE FROM sessions WHERE worker = $1", [worker]));
      return rowCount ?? 0;
    },
  };
}
