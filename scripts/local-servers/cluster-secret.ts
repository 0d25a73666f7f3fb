/**
 * The secret every node of the local cluster shares (UCC_SECRET), kept in the cluster's data dir
 * so that sessions and links survive a restart of `npm run cluster`.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { MIN_SECRET_LENGTH } from "../../lib/config/secrets";

export const CLUSTER_SECRET_FILE = "cluster-secret";

/** The kept secret, or a new random 48-character one written owner-only. */
export function clusterSecret(dir: string): string {
  const file = path.join(dir, CLUSTER_SECRET_FILE);
  if (existsSync(file)) {
    const kept = readFileSync(file, "utf8").trim();
    if (kept.length >= MIN_SECRET_LENGTH) return kept;
  }
  mkdirSync(dir, { recursive: true });
  // 36 random bytes are 48 base64url characters.
  const secret = randomBytes(36).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
