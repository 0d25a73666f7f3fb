/**
 * Pairing a worker's desktop companion (B11): the signed-in worker gets a one-time code (10 min),
 * the companion exchanges it for a long random credential it keeps. The store keeps SHA-256
 * hashes of both, never either one; a new code replaces the worker's old one.
 */
import { createHash, randomBytes, randomInt } from "node:crypto";
import { AppError } from "../../errors";
import type { Clock } from "../ports";
import type { Store } from "../../store/store";

export const PAIRING_CODE_TTL_MS = 10 * 60_000;
/** NOTE: no 0/O, 1/I/L: the code is read off a screen and typed. 10 of 31 letters: about 50 bits. */
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_LENGTH = 10;
const CREDENTIAL_BYTES = 32;

export const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");
/** Codes compare without case, spaces or dashes (people type them). */
const normaliseCode = (code: string) => code.toUpperCase().replace(/[\s-]/g, "");

export interface Pairing {
  /** A new one-time code for the worker, shown once (`ABCDE-FGHJK`). */
  newCode(worker: string): Promise<{ code: string; expiresAt: string }>;
  /** Spends the code; resolves with the new credential, or throws unauthorized. */
  pair(worker: string, code: string): Promise<string>;
  /** Whether the credential proves this worker's companion. */
  verify(worker: string, credential: string): Promise<boolean>;
  /** Forgets the worker's credentials and code; resolves with how many credentials there were. */
  revoke(worker: string): Promise<number>;
}

export function createPairing(store: Store, clock: Clock): Pairing {
  return {
    async newCode(worker) {
      const raw = Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");
      const expiresAt = new Date(clock.now().getTime() + PAIRING_CODE_TTL_MS).toISOString();
      await store.putPairingCode(worker, hashSecret(raw), expiresAt);
      await store.durable();
      return { code: `${raw.slice(0, 5)}-${raw.slice(5)}`, expiresAt };
    },
    async pair(worker, code) {
      // NOTE: the code is spent whatever follows: a code tried with the wrong worker is gone too.
      const record = await store.spendPairingCode(hashSecret(normaliseCode(code)));
      const now = clock.now().toISOString();
      if (!record || record.worker !== worker || record.expiresAt <= now) {
        throw new AppError("unauthorized", "this pairing code is wrong, used or expired; get a new one from the Desktop phone panel");
      }
      const credential = randomBytes(CREDENTIAL_BYTES).toString("base64url");
      await store.addCompanionCredential(worker, hashSecret(credential), now);
      await store.durable();
      return credential;
    },
    async verify(worker, credential) {
      return (await store.companionCredentialWorker(hashSecret(credential))) === worker;
    },
    async revoke(worker) {
      const n = await store.revokeCompanion(worker);
      await store.durable();
      return n;
    },
  };
}
