/**
 * The connector's one secret and the keys derived from it. Each use gets its own key
 * (HKDF-SHA256 with a purpose label), so a key that leaks from one use (an invitation link's
 * MAC) says nothing about another (the sign-in state cookie's encryption).
 *
 * The secret is UCC_SECRET when set (the same on every node: a link or sign-in started on one
 * node is checked on another); else one node's own, made once and kept in the data dir.
 */
import { hkdfSync, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** What a derived key is for; a new use gets a new label, never an existing one. */
export type SecretPurpose = "invitation-links" | "oidc-transactions" | "cluster-peers" | "teams-grants" | "graph-notifications" | "teams-handoffs";

/** UCC_SECRET's shortest length (characters). */
export const MIN_SECRET_LENGTH = 32;
/** Where a node without UCC_SECRET keeps its own (owner-only). */
export const SECRET_FILE = "secret";
const KEY_BYTES = 32;
/** NOTE: a fixed salt is fine for HKDF when the input is already a high-entropy secret (RFC 5869 §3.1). */
const SALT = Buffer.from("ucc-connector/v1");

export interface Secrets {
  /** `env`: UCC_SECRET, shared by the nodes that have it; `data-dir`: this node's own. */
  readonly source: "env" | "data-dir";
  /** A 32-byte key for one purpose, the same for the same secret and purpose. */
  key(purpose: SecretPurpose): Buffer;
}

export interface SecretOptions {
  /** UCC_SECRET (already checked to be long enough by lib/config/env.ts). */
  secret: string | undefined;
  dataDir: string;
  /**
   * Why a shared secret is needed here (e.g. "UCC_DATABASE_URL is set: several nodes share the
   * work"); when given and UCC_SECRET is unset, resolving refuses with one line.
   */
  requiredBecause?: string;
}

export function resolveSecrets(options: SecretOptions): Secrets {
  if (!options.secret && options.requiredBecause) {
    throw new Error(`environment variable UCC_SECRET: required (${MIN_SECRET_LENGTH}+ characters, the same on every node) because ${options.requiredBecause}`);
  }
  if (options.secret !== undefined && options.secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`environment variable UCC_SECRET: must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  const source = options.secret ? "env" : "data-dir";
  const ikm = options.secret ? Buffer.from(options.secret, "utf8") : keptSecret(options.dataDir);
  const keys = new Map<SecretPurpose, Buffer>();
  return {
    source,
    key(purpose) {
      let key = keys.get(purpose);
      if (!key) {
        key = Buffer.from(hkdfSync("sha256", ikm, SALT, `ucc:${purpose}`, KEY_BYTES));
        keys.set(purpose, key);
      }
      return key;
    },
  };
}

/**
 * This node's own secret: `<dataDir>/secret`, made on first start (random, owner-only), so links
 * and sign-ins under way survive a restart and a copy of the database alone forges nothing.
 */
function keptSecret(dataDir: string): Buffer {
  const file = path.join(dataDir, SECRET_FILE);
  try {
    const kept = Buffer.from(readFileSync(file, "utf8").trim(), "base64url");
    if (kept.length >= KEY_BYTES) return kept;
  } catch {
    // none kept yet
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(KEY_BYTES);
  writeFileSync(file, `${secret.toString("base64url")}\n`, { mode: 0o600 });
  return secret;
}
