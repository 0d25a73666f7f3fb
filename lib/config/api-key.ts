import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * The integration API key: UCC_API_KEY when set; otherwise the one kept in the data dir,
 * generated (and kept, readable by the owner only) on the first start.
 */
export function resolveApiKey(dataDir: string, fromEnv: string | undefined): { key: string; source: "env" | "kept" | "generated"; file: string } {
  const file = path.join(dataDir, "api-key");
  if (fromEnv) return { key: fromEnv, source: "env", file };
  try {
    const kept = readFileSync(file, "utf8").trim();
    if (kept) return { key: kept, source: "kept", file };
  } catch {
    // none kept yet
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(24).toString("base64url");
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return { key, source: "generated", file };
}
