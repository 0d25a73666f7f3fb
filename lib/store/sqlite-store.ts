import fs from "node:fs";
import Database from "better-sqlite3";
import type { Interaction, Media, InteractionState, OpenOffer } from "../domain/interaction";
import type { Presence } from "../domain/presence";
import { SQLITE_MIGRATIONS } from "./sqlite-migrations";
import { FALLBACK_AUTOCHECKPOINT_PAGES, startCheckpointer } from "./sqlite-checkpointer";
import { WalSync, type SyncFile } from "./wal-sync";
import { writeGroup } from "./sqlite-write-group";
import { sqliteInvitationStore } from "./sqlite-invitation-store";
import { sqliteIdentityStore } from "./sqlite-identity-store";
import { sqliteCompanionStore } from "./sqlite-companion-store";
import { sqlitePagesAndKeys } from "./sqlite-pages-and-keys";
import type { ChatMessage, IdempotencyRecord, InteractionChange, MessageSender, NewEvent, ReportingEvent, SessionRecord, SessionScope, Store, WorkerRecord } from "./store";

interface WorkerRow {
  id: string;
  name: string;
  presence: string;
  presence_since: string;
  idle_since: string | null;
  language?: string | null;
}

interface InteractionRow {
  id: string;
  media: string;
  from_name: string;
  subject: string;
  data: string;
  state: string;
  worker: string | null;
  target: string | null;
  refused_by: string;
  offer: string | null;
  call: string | null;
  invite: string | null;
  parties: string | null;
  wrap_up: string | null;
  customer_active_at: string | null;
  abandoned_for: string | null;
  created_at: string;
  updated_at: string;
}

interface MessageRow {
  id: string;
  sender: string;
  text: string;
  at: string;
}

const toInteraction = (row: InteractionRow): Interaction => ({
  id: row.id,
  media: row.media as Media,
  from: row.from_name,
  subject: row.subject,
  data: JSON.parse(row.data) as Record<string, string>,
  state: row.state as InteractionState,
  ...(row.worker ? { worker: row.worker } : {}),
  ...(row.target ? { target: row.target } : {}),
  refusedBy: JSON.parse(row.refused_by) as string[],
  ...(row.offer ? { offer: JSON.parse(row.offer) as OpenOffer } : {}),
  ...(row.call ? { call: JSON.parse(row.call) as Interaction["call"] } : {}),
  ...(row.invite ? { invite: JSON.parse(row.invite) as Interaction["invite"] } : {}),
  ...(row.parties ? { parties: JSON.parse(row.parties) as Interaction["parties"] } : {}),
  ...(row.wrap_up ? { wrapUp: JSON.parse(row.wrap_up) as Interaction["wrapUp"] } : {}),
  ...(row.customer_active_at ? { customerActiveAt: row.customer_active_at } : {}),
  ...(row.abandoned_for === "customer-idle" ? { abandonedFor: row.abandoned_for } : {}),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const toMessage = (row: MessageRow): ChatMessage => ({ id: row.id, from: row.sender as MessageSender, text: row.text, at: row.at });

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
  idleSince: row.idle_since ?? row.presence_since,
  ...(row.language ? { language: row.language } : {}),
});

const toEvent = (row: EventRow): ReportingEvent => ({
  seq: row.seq,
  at: row.at,
  type: row.type,
  ...(row.worker ? { worker: row.worker } : {}),
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

/**
 * The embedded store: one SQLite file in WAL mode. Commits write the WAL without waiting for the
 * disk (synchronous=NORMAL); the WAL is synced once at the end of each turn that wrote, and
 * `durable()` resolves after that sync: nothing is acknowledged
 * or announced before it resolves, so an ack survives a crash or a power cut all the same. The
 * writes of one turn are one transaction (sqlite-write-group.ts).
 */
export function openSqliteStore(file: string, options: { onCheckpointError?: (message: string) => void; syncFile?: SyncFile; onCommit?: () => void } = {}): Store {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  migrate(db);
  db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  // NOTE: the WAL lives as long as this connection (a checkpoint rewinds it, never removes it).
  db.prepare("INSERT INTO events (at, type, worker) SELECT 'x', 'x', 'x' WHERE 0").run();
  const walFd = fs.openSync(`${file}-wal`, fs.constants.O_RDONLY | fs.constants.O_CREAT);
  const wal = new WalSync(walFd, options.syncFile, options.onCommit, writeGroup(db));
  const wrote = <T>(value: T): T => {
    wal.noteCommit();
    return value;
  };
  const checkpointer = startCheckpointer(file, options.onCheckpointError ?? (() => undefined));

  const q = {
    insertWorker: db.prepare(
      "INSERT INTO workers (id, name, presence, presence_since, idle_since, configured) VALUES (?, ?, 'offline', ?, ?, 1) ON CONFLICT(id) DO UPDATE SET name = excluded.name, configured = 1",
    ),
    unconfigureAll: db.prepare("UPDATE workers SET configured = 0"),
    dropSessionsOfUnconfigured: db.prepare(
      "DELETE FROM sessions WHERE worker IN (SELECT id FROM workers WHERE configured = 0)",
    ),
    getWorker: db.prepare<[string], WorkerRow>("SELECT * FROM workers WHERE id = ? AND configured = 1"),
    listWorkers: db.prepare<[], WorkerRow>("SELECT * FROM workers WHERE configured = 1 ORDER BY id"),
    setPresence: db.prepare("UPDATE workers SET presence = ?, presence_since = ?, idle_since = coalesce(?, idle_since) WHERE id = ? AND configured = 1"),
    setIdle: db.prepare("UPDATE workers SET idle_since = ? WHERE id = ?"),
    setLanguage: db.prepare("UPDATE workers SET language = ? WHERE id = ? AND configured = 1"),
    insertInteraction: db.prepare(
      `INSERT INTO interactions (id, media, from_name, subject, data, state, worker, target, refused_by, offer, call, invite, parties, wrap_up, customer_active_at, abandoned_for, customer_token_hash, created_at, updated_at)
       VALUES (@id, @media, @from_name, @subject, @data, @state, @worker, @target, @refused_by, @offer, @call, @invite, @parties, @wrap_up, @customer_active_at, @abandoned_for, @customer_token_hash, @created_at, @updated_at)`,
    ),
    updateInteraction: db.prepare(
      `UPDATE interactions SET state = @state, worker = @worker, target = @target, refused_by = @refused_by, offer = @offer, call = @call, invite = @invite, parties = @parties, wrap_up = @wrap_up, customer_active_at = @customer_active_at, abandoned_for = @abandoned_for, updated_at = @updated_at WHERE id = @id`,
    ),
    getInteraction: db.prepare<[string], InteractionRow>("SELECT * FROM interactions WHERE id = ?"),
    listOpen: db.prepare<[], InteractionRow>(
      "SELECT * FROM interactions WHERE state NOT IN ('done', 'abandoned') ORDER BY created_at, rowid",
    ),
    // NOTE: served by interactions_done_by_worker (the partial index's WHERE is repeated as is).
    recent: db.prepare<[string, string, number], InteractionRow>(
      "SELECT * FROM interactions WHERE state = 'done' AND worker = ? AND updated_at >= ? ORDER BY updated_at DESC, created_at DESC, rowid DESC LIMIT ?",
    ),
    byToken: db.prepare<[string], { id: string }>("SELECT id FROM interactions WHERE customer_token_hash = ?"),
    insertOffer: db.prepare(
      "INSERT OR REPLACE INTO offers (id, interaction, worker, status, offered_at, deadline, extended, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    ),
    getMessage: db.prepare<[string, string], MessageRow>("SELECT id, sender, text, at FROM messages WHERE interaction = ? AND id = ?"),
    insertMessage: db.prepare(
      "INSERT INTO messages (interaction, id, sender, text, at, seq) VALUES (?, ?, ?, ?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM messages WHERE interaction = ?))",
    ),
    listMessages: db.prepare<[string], MessageRow>("SELECT id, sender, text, at FROM messages WHERE interaction = ? ORDER BY seq"),
    insertEvent: db.prepare(
      "INSERT INTO events (at, type, worker, interaction, reasons) VALUES (?, ?, ?, ?, ?)",
    ),
    listEvents: db.prepare<[number, number], EventRow>(
      "SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
    ),
    createSession: db.prepare(
      "INSERT INTO sessions (token_hash, worker, created_at, expires_at, scope) VALUES (?, ?, ?, ?, ?)",
    ),
    getSession: db.prepare<[string, string], { worker: string; created_at: string; expires_at: string; scope: string | null }>(
      "SELECT worker, created_at, expires_at, scope FROM sessions WHERE token_hash = ? AND expires_at > ?",
    ),
    deleteSession: db.prepare("DELETE FROM sessions WHERE token_hash = ?"),
    setSessionScopes: db.prepare("UPDATE sessions SET scope = ? WHERE token_hash = ?"),
    deleteWorkerSessions: db.prepare("DELETE FROM sessions WHERE worker = ?"),
    purgeSessions: db.prepare("DELETE FROM sessions WHERE expires_at <= ?"),
  };

  const pagesAndKeys = sqlitePagesAndKeys(db);

  const appendEvent = (event: NewEvent): ReportingEvent => {
    const info = q.insertEvent.run(
      event.at,
      event.type,
      event.worker ?? "",
      event.interaction ?? null,
      event.reasons ? JSON.stringify(event.reasons) : null,
    );
    return { ...event, seq: Number(info.lastInsertRowid) };
  };

  const interactionParams = (i: Interaction) => ({
    id: i.id,
    state: i.state,
    worker: i.worker ?? null,
    target: i.target ?? null,
    refused_by: JSON.stringify(i.refusedBy),
    offer: i.offer ? JSON.stringify(i.offer) : null,
    call: i.call ? JSON.stringify(i.call) : null,
    invite: i.invite ? JSON.stringify(i.invite) : null,
    parties: i.parties?.length ? JSON.stringify(i.parties) : null,
    wrap_up: i.wrapUp ? JSON.stringify(i.wrapUp) : null,
    customer_active_at: i.customerActiveAt ?? null,
    abandoned_for: i.abandonedFor ?? null,
    updated_at: i.updatedAt,
  });

  const applyChange = (change: InteractionChange): ReportingEvent[] => {
    const { closedOffer, interaction } = change;
    if (closedOffer && closedOffer.status !== "offered") {
      q.insertOffer.run(closedOffer.id, interaction.id, closedOffer.worker, closedOffer.status, closedOffer.offeredAt, closedOffer.deadline, closedOffer.extended ? 1 : 0, closedOffer.closedAt);
    }
    if (change.idle) q.setIdle.run(change.idle.since, change.idle.worker);
    if (change.presence) {
      const p = change.presence;
      if (q.setPresence.run(p.presence, p.at, p.idleSince ?? null, p.worker).changes === 0) {
        throw new Error(`worker ${p.worker} is not in the store`);
      }
    }
    for (const m of change.messages ?? []) insertMessage(interaction.id, m);
    return change.events.map(appendEvent);
  };

  type KeyWrite = { record: IdempotencyRecord; purgeBefore: string } | undefined;
  const createInteractionTx = db.transaction((change: InteractionChange, tokenHash: string | undefined, key: KeyWrite) => {
    const i = change.interaction;
    q.insertInteraction.run({
      ...interactionParams(i),
      media: i.media,
      from_name: i.from,
      subject: i.subject,
      data: JSON.stringify(i.data),
      customer_token_hash: tokenHash ?? null,
      created_at: i.createdAt,
    });
    if (key) pagesAndKeys.keepKey(key.record, key.purgeBefore);
    return applyChange(change);
  });

  const updateInteractionTx = db.transaction((change: InteractionChange) => {
    const updated = q.updateInteraction.run(interactionParams(change.interaction));
    if (updated.changes === 0) throw new Error(`interaction ${change.interaction.id} is not in the store`);
    return applyChange(change);
  });

  const insertMessage = (interactionId: string, message: ChatMessage) =>
    q.insertMessage.run(interactionId, message.id, message.from, message.text, message.at, interactionId);

  const appendMessageTx = db.transaction((interactionId: string, message: ChatMessage) => {
    const existing = q.getMessage.get(interactionId, message.id);
    if (existing) return { message: toMessage(existing), created: false };
    insertMessage(interactionId, message);
    return { message, created: true };
  });

  const setPresenceTx = db.transaction((id: string, presence: Presence, event: NewEvent, idleSince: string | undefined) => {
    const changed = q.setPresence.run(presence, event.at, idleSince ?? null, id);
    if (changed.changes === 0) return undefined;
    const stored = appendEvent(event);
    return { worker: toWorker(q.getWorker.get(id)!), event: stored };
  });

  return {
    ...sqliteInvitationStore(db, () => wal.noteCommit()),
    ...sqliteIdentityStore(db, () => wal.noteCommit()),
    ...sqliteCompanionStore(db, () => wal.noteCommit()),
    async syncWorkers(workers, at) {
      wal.noteCommit();
      db.transaction(() => {
        q.unconfigureAll.run();
        for (const w of workers) q.insertWorker.run(w.id, w.name, at, at);
        q.dropSessionsOfUnconfigured.run();
      })();
    },
    async getWorker(id) {
      const row = q.getWorker.get(id);
      return row ? toWorker(row) : undefined;
    },
    async listWorkers() {
      return q.listWorkers.all().map(toWorker);
    },
    async setLanguage(id, language) {
      if (q.setLanguage.run(language, id).changes === 0) return undefined;
      return wrote(toWorker(q.getWorker.get(id)!));
    },
    async setPresence(id, presence, event, idleSince) {
      return wrote(setPresenceTx(id, presence, event, idleSince));
    },
    async createInteraction(change, tokenHash, idempotency) {
      return wrote(createInteractionTx(change, tokenHash, idempotency));
    },
    async getIdempotencyRecord(apiKey, key, notBefore) {
      return pagesAndKeys.getKey(apiKey, key, notBefore);
    },
    async updateInteraction(change) {
      return wrote(updateInteractionTx(change));
    },
    async getInteraction(id) {
      const row = q.getInteraction.get(id);
      return row ? toInteraction(row) : undefined;
    },
    async listOpenInteractions() {
      return q.listOpen.all().map(toInteraction);
    },
    async listRecentInteractions(worker, since, limit) {
      return q.recent.all(worker, since, limit).map(toInteraction);
    },
    async interactionIdForCustomerToken(tokenHash) {
      return q.byToken.get(tokenHash)?.id;
    },
    async appendMessage(interactionId, message) {
      return wrote(appendMessageTx(interactionId, message));
    },
    async listMessages(interactionId) {
      return q.listMessages.all(interactionId).map(toMessage);
    },
    async listMessagePage(interactionId, query) {
      return pagesAndKeys.page(interactionId, query);
    },
    async appendEvent(event) {
      return wrote(appendEvent(event));
    },
    async listEvents(after, limit) {
      return q.listEvents.all(after, limit).map(toEvent);
    },
    async createSession(tokenHash, session: SessionRecord) {
      q.purgeSessions.run(session.createdAt);
      q.createSession.run(tokenHash, session.worker, session.createdAt, session.expiresAt, session.scopes ? JSON.stringify(session.scopes) : null);
      wal.noteCommit();
    },
    async getSession(tokenHash, now) {
      const row = q.getSession.get(tokenHash, now);
      if (!row) return undefined;
      return { worker: row.worker, createdAt: row.created_at, expiresAt: row.expires_at, ...(row.scope ? { scopes: JSON.parse(row.scope) as SessionScope[] } : {}) };
    },
    async deleteSession(tokenHash) {
      q.deleteSession.run(tokenHash);
      wal.noteCommit();
    },
    async setSessionScopes(tokenHash, scopes) {
      q.setSessionScopes.run(JSON.stringify(scopes), tokenHash);
      wal.noteCommit();
    },
    async deleteWorkerSessions(worker) {
      const { changes } = q.deleteWorkerSessions.run(worker);
      wal.noteCommit();
      return changes;
    },
    durable: () => wal.durable(),
    async close() {
      await wal.durable().catch(() => undefined);
      // NOTE: a write after this is committed on its own, and kept when the connection closes.
      wal.close();
      if (db.inTransaction) db.exec("COMMIT");
      await checkpointer.stop();
      fs.closeSync(walFd);
      db.close();
    },
  };
}
