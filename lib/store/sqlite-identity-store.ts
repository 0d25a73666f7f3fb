/** The SQLite side of the IdentityStore (the table made by the `worker_identities` migration). */
import type Database from "better-sqlite3";
import type { IdentityBinding, IdentityKind, IdentityStore } from "./identity-store";

interface Row {
  worker: string;
  kind: IdentityKind;
  subject: string;
  bound_at: string;
}

const fromRow = (row: Row): IdentityBinding => ({ worker: row.worker, kind: row.kind, subject: row.subject, boundAt: row.bound_at });

export function sqliteIdentityStore(db: Database.Database, noteCommit: () => void): IdentityStore {
  const q = {
    bound: db.prepare<[IdentityKind, string], { worker: string }>("SELECT worker FROM worker_identities WHERE kind = ? AND subject = ? ORDER BY bound_at"),
    get: db.prepare<[string, IdentityKind], Row>("SELECT * FROM worker_identities WHERE worker = ? AND kind = ?"),
    // NOTE: the first binding wins: a second first sign-in for the same worker changes nothing.
    bind: db.prepare("INSERT INTO worker_identities (worker, kind, subject, bound_at) VALUES (@worker, @kind, @subject, @boundAt) ON CONFLICT(worker, kind) DO NOTHING"),
  };
  return {
    async workersBoundTo(kind, subject) {
      return q.bound.all(kind, subject).map((r) => r.worker);
    },
    async getIdentityBinding(worker, kind) {
      const row = q.get.get(worker, kind);
      return row ? fromRow(row) : undefined;
    },
    async bindIdentity(binding) {
      if (q.bind.run(binding).changes) noteCommit();
      return fromRow(q.get.get(binding.worker, binding.kind)!);
    },
  };
}
