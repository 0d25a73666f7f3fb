/** The PostgreSQL side of the IdentityStore (worker_identities). */
import type { IdentityBinding, IdentityKind, IdentityStore } from "../identity-store";
import { iso } from "./rows";
import type { Db, Write } from "./transactions";

interface Row {
  worker: string;
  kind: IdentityKind;
  subject: string;
  bound_at: Date;
}

const fromRow = (row: Row): IdentityBinding => ({ worker: row.worker, kind: row.kind, subject: row.subject, boundAt: iso(row.bound_at) });

export function pgIdentities(db: Db, write: Write): IdentityStore {
  return {
    async workersBoundTo(kind, subject) {
      const { rows } = await db.query<{ worker: string }>("SELECT worker FROM worker_identities WHERE kind = $1 AND subject = $2 ORDER BY bound_at, worker", [kind, subject]);
      return rows.map((r) => r.worker);
    },
    async getIdentityBinding(worker, kind) {
      const { rows } = await db.query<Row>("SELECT * FROM worker_identities WHERE worker = $1 AND kind = $2", [worker, kind]);
      return rows[0] ? fromRow(rows[0]) : undefined;
    },
    async bindIdentity(binding) {
      return write(async (tx) => {
        // NOTE: the first binding wins: ON CONFLICT waits for a racing first sign-in, then the SELECT reads its row.
        await tx.query("INSERT INTO worker_identities (worker, kind, subject, bound_at) VALUES ($1, $2, $3, $4) ON CONFLICT (worker, kind) DO NOTHING", [
          binding.worker,
          binding.kind,
          binding.subject,
          binding.boundAt,
        ]);
        const { rows } = await tx.query<Row>("SELECT * FROM worker_identities WHERE worker = $1 AND kind = $2", [binding.worker, binding.kind]);
        return fromRow(rows[0]);
      });
    },
  };
}
