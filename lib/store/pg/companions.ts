/** The PostgreSQL side of the CompanionStore (companion_codes, companion_credentials). */
import type { CompanionStore } from "../companion-store";
import { iso } from "./rows";
import type { Db, Write } from "./transactions";

export function pgCompanions(db: Db, write: Write): CompanionStore {
  return {
    async putPairingCode(worker, codeHash, expiresAt) {
      await write((tx) =>
        tx.query(
          "INSERT INTO companion_codes (worker, code_hash, expires_at) VALUES ($1, $2, $3) ON CONFLICT (worker) DO UPDATE SET code_hash = excluded.code_hash, expires_at = excluded.expires_at",
          [worker, codeHash, expiresAt],
        ),
      );
    },
    async spendPairingCode(codeHash) {
      // NOTE: DELETE ... RETURNING spends and reads at once: of two racing pairs, one gets the row.
      const { rows } = await write((tx) => tx.query<{ worker: string; expires_at: Date }>("DELETE FROM companion_codes WHERE code_hash = $1 RETURNING worker, expires_at", [codeHash]));
      return rows[0] ? { worker: rows[0].worker, expiresAt: iso(rows[0].expires_at) } : undefined;
    },
    async addCompanionCredential(worker, credentialHash, createdAt) {
      await write((tx) => tx.query("INSERT INTO companion_credentials (credential_hash, worker, created_at) VALUES ($1, $2, $3)", [credentialHash, worker, createdAt]));
    },
    async companionCredentialWorker(credentialHash) {
      const { rows } = await db.query<{ worker: string }>("SELECT worker FROM companion_credentials WHERE credential_hash = $1", [credentialHash]);
      return rows[0]?.worker;
    },
    async countCompanionCredentials(worker) {
      const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM companion_credentials WHERE worker = $1", [worker]);
      return rows[0].n;
    },
    async revokeCompanion(worker) {
      return write(async (tx) => {
        await tx.query("DELETE FROM companion_codes WHERE worker = $1", [worker]);
        const { rowCount } = await tx.query("DELETE FROM companion_credentials WHERE worker = $1", [worker]);
        return rowCount ?? 0;
      });
    },
  };
}
