/**
 * The shared secret and the keys derived from it (lib/config/secrets.ts): UCC_SECRET's length is
 * checked at start; each purpose has its own key; without UCC_SECRET a node makes its own once,
 * owner-only in the data dir, and keeps it across starts.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readEnv } from "../../lib/config/env";
import { resolveSecrets, SECRET_FILE } from "../../lib/config/secrets";

const SECRET = "s".repeat(20) + "0123456789ab"; // 32 characters
const envOf = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;
const dirs: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ucc-secrets-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("UCC_SECRET in the environment", () => {
  it("is optional, and kept as given when 32+ characters", () => {
    expect(readEnv(envOf({})).secret).toBeUndefined();
    expect(readEnv(envOf({ UCC_SECRET: SECRET })).secret).toBe(SECRET);
  });

  it("shorter than 32 characters stops the start with one line naming it", () => {
    expect(() => readEnv(envOf({ UCC_SECRET: SECRET.slice(1) }))).toThrow("environment variable UCC_SECRET: must be at least 32 characters");
  });
});

describe("derived keys", () => {
  it("are 32 bytes, one per purpose, the same on every node with the same UCC_SECRET", () => {
    const a = resolveSecrets({ secret: SECRET, dataDir: dataDir() });
    const b = resolveSecrets({ secret: SECRET, dataDir: dataDir() });
    expect(a.source).toBe("env");
    expect(a.key("invitation-links")).toHaveLength(32);
    expect(a.key("invitation-links").equals(b.key("invitation-links"))).toBe(true);
    expect(a.key("oidc-transactions").equals(b.key("oidc-transactions"))).toBe(true);
    expect(a.key("invitation-links").equals(a.key("oidc-transactions"))).toBe(false);
    // The secret itself is never a key.
    expect(a.key("invitation-links").equals(Buffer.from(SECRET).subarray(0, 32))).toBe(false);
    expect(resolveSecrets({ secret: `${SECRET}x`, dataDir: dataDir() }).key("invitation-links").equals(a.key("invitation-links"))).toBe(false);
  });

  it("without UCC_SECRET: made once in the data dir, owner-only, kept across starts, and unlike another node's", () => {
    const dir = dataDir();
    const first = resolveSecrets({ secret: undefined, dataDir: dir });
    expect(first.source).toBe("data-dir");
    const file = path.join(dir, SECRET_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, "utf8").trim(), "base64url")).toHaveLength(32);
    const again = resolveSecrets({ secret: undefined, dataDir: dir });
    expect(again.key("oidc-transactions").equals(first.key("oidc-transactions"))).toBe(true);
    const other = resolveSecrets({ secret: undefined, dataDir: dataDir() });
    expect(other.key("oidc-transactions").equals(first.key("oidc-transactions"))).toBe(false);
  });

  it("a start that needs a shared secret refuses without one, saying why", () => {
    expect(() => resolveSecrets({ secret: undefined, dataDir: dataDir(), requiredBecause: "UCC_DATABASE_URL is set" })).toThrow(
      "environment variable UCC_SECRET: required (32+ characters, the same on every node) because UCC_DATABASE_URL is set",
    );
    expect(resolveSecrets({ secret: SECRET, dataDir: dataDir(), requiredBecause: "UCC_DATABASE_URL is set" }).source).toBe("env");
  });
});
