/**
 * The desktop companion's proofs (B11): each worker's pending pairing code and the credentials
 * codes were exchanged for. Only SHA-256 hashes are kept, never a code or a credential. Part of
 * the Store port (lib/store/store.ts).
 */

export interface PairingCodeRecord {
  worker: string;
  /** ISO time after which the code is worth nothing. */
  expiresAt: string;
}

export interface CompanionStore {
  /** Keeps the worker's new pairing code (hashed); an earlier one of the worker is forgotten. */
  putPairingCode(worker: string, codeHash: string, expiresAt: string): Promise<void>;
  /**
   * Spends the pairing code with this hash, whoever it was made for: resolves with its record, or
   * undefined when no such code is kept. A spent code never resolves again.
   */
  spendPairingCode(codeHash: string): Promise<PairingCodeRecord | undefined>;
  /** Keeps a credential (hashed) that proves the worker's companion. */
  addCompanionCredential(worker: string, credentialHash: string, createdAt: string): Promise<void>;
  /** The worker this credential hash proves, or undefined. */
  companionCredentialWorker(credentialHash: string): Promise<string | undefined>;
  /** How many credentials prove the worker's companion (0: not paired). */
  countCompanionCredentials(worker: string): Promise<number>;
  /** Forgets the worker's credentials and pending pairing code; resolves with how many credentials there were. */
  revokeCompanion(worker: string): Promise<number>;
}
