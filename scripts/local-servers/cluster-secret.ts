/**
 * What every node of the local cluster must share, kept in the cluster's data dir so that
 * sessions, links and integrations survive a restart of `npm run cluster`: the secret
 * (UCC_SECRET) and the integration API key (UCC_API_KEY; one node's own key would change with
 * the owner).
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { MIN_SECRET_LENGTH } from "../../lib/config/secrets";

export const CLUSTER_SECRET_FILE = "cluster-secret";
export const CLUSTER_API_KEY_FILE = "cluster-api-key";

/** The kept value, or a new random 48-character one written owner-only. */
function kept(dir: string, name: string): string {
  const file = path.join(dir, name);
  if (existsSync(file)) {
    const value = readFileSync(file, "utf8").trim();
    if (value.length >= MIN_SECRET_LENGTH) return value;
  }
  mkdirSync(dir, { recursive: true });
  // 36 random bytes are 48 base64url characters.
  const value = randomBytes(36).toString("base64url");
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return value;
}

export const clusterSecret = (dir: string) => kept(dir, CLUSTER_SECRET_FILE);
export const clusterApiKey = (dir: string) => kept(dir, CLUSTER_API_KEY_FILE);
