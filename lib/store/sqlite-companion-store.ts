/** The SQLite side of the CompanionStore (tables made by the `companion_pairing` migration). */
import type Database from "better-sqlite3";
import type { CompanionStore, PairingCodeRecord } from "./companion-store";

export function sqliteCompanionStore(db: Database.Database, noteCommit: () => void): CompanionStore {
  const q = {
    putCode: db.prepare("INSERT INTO companion_codes (worker, code_hash, expires_at) VALUES (?, ?, ?) ON CONFLICT(worker) DO UPDATE SET code_hash = excluded.code_hash, expires_at = excluded.expires_at"),
    // NOTE: DELETE ... RETURNING spends and reads in one statement: two racing pairs cannot both get it.
    spendCode: db.prepare<[string], { worker: string; expires_at: string }>("DELETE FROM companion_codes WHERE code_hash = ? RETURNING worker, expires_at"),
    addCredential: db.prepare("INSERT INTO companion_credentials (credential_hash, worker, created_at) VALUES (?, ?, ?)"),
    credentialWorker: db.prepare<[string], { worker: string }>("SELECT worker FROM companion_credentials WHERE credential_hash = ?"),
    countCredentials: db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM companion_credentials WHERE worker = ?"),
    revokeCredentials: db.prepare("DELETE FROM companion_credentials WHERE worker = ?"),
    revokeCode: db.prepare("DELETE FROM companion_codes WHERE worker = ?"),
  };
  const revoke = db.transaction((worker: string) => {
    q.revokeCode.run(worker);
    return q.revokeCredentials.run(worker).changes;
  });
  return {
    async putPairingCode(worker, codeHash, expiresAt) {
      q.putCode.run(worker, codeHash, expiresAt);
      noteCommit();
    },
    async spendPairingCode(codeHash): Promise<PairingCodeRecord | undefined> {
      const row = q.spendCode.get(codeHash);
      if (!row) return undefined;
      noteCommit();
      return { worker: row.worker, expiresAt: row.expires_at };
    },
    async addCompanionCredential(worker, credentialHash, createdAt) {
      q.addCredential.run(credentialHash, worker, createdAt);
      noteCommit();
    },
    async companionCredentialWorker(credentialHash) {
      return q.credentialWorker.get(credentialHash)?.worker;
    },
    async countCompanionCredentials(worker) {
      return q.countCredentials.get(worker)?.n ?? 0;
    },
    async revokeCompanion(worker) {
      const n = revoke(worker);
      noteCommit();
      return n;
    },
  };
}
