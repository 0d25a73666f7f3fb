/**
 * Idempotency-Key on POST /api/v1/interactions: the same key (per API key name) and the same
 * request within IDEMPOTENCY_TTL_MS answer the first answer again; another request is refused.
 *
 * NOTE: the first answer carries the customer token, which the store otherwise keeps only as a
 * hash (a copy of the database reaches no chat). To answer it again, the token is kept sealed
 * (AES-256-GCM, bound to the interaction id) under a key derived (HKDF-SHA256) from the API key
 * the caller presented and the Idempotency-Key. The database holds neither, so a copy of it
 * opens no token; only a caller who again presents that API key and that Idempotency-Key gets
 * it back, and that caller could already read and write the chat with the API key. Keeping the
 * token in clear, or under a key kept beside the database, would undo the hash.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import { AppError } from "../../errors";

/** How long a key answers again; older keys are purged. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** What the route hands the connector: who asks, with which key, for what, and how to seal. */
export interface IdempotentRequest {
  /** The API key's name. */
  apiKey: string;
  key: string;
  requestHash: string;
  seal(token: string, interactionId: string): string;
  /** The token back, or undefined when it cannot be opened (the API key changed since). */
  open(sealed: string, interactionId: string): string | undefined;
}

/** A stable digest of a validated request: key order and absent optional fields do not matter. */
export function requestHashOf(input: unknown): string {
  return createHash("sha256").update(canonical(input)).digest("hex");
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function idempotentRequest(apiKey: { name: string; secret: string }, key: string, input: unknown): IdempotentRequest {
  const sealKey = Buffer.from(hkdfSync("sha256", apiKey.secret, "ucc idempotency", `${apiKey.name}\0${key}`, 32));
  return {
    apiKey: apiKey.name,
    key,
    requestHash: requestHashOf(input),
    seal(token, interactionId) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", sealKey, iv).setAAD(Buffer.from(interactionId));
      const sealed = Buffer.concat([cipher.update(token, "utf8"), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64url");
    },
    open(sealed, interactionId) {
      try {
        const raw = Buffer.from(sealed, "base64url");
        const decipher = createDecipheriv("aes-256-gcm", sealKey, raw.subarray(0, 12)).setAAD(Buffer.from(interactionId));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
      } catch {
        return undefined;
      }
    },
  };
}

/** The same key with another request: 409, and the message says why. */
export const keyReused = () =>
  new AppError("conflict", "this Idempotency-Key was already used with another request body; use a new key for a new interaction");
