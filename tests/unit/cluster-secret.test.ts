import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CLUSTER_SECRET_FILE, clusterApiKey, clusterSecret } from "../../scripts/local-servers/cluster-secret";

describe("clusterSecret", () => {
  const dirs: string[] = [];
  const dir = () => {
    const d = mkdtempSync(path.join(os.tmpdir(), "ucc-cluster-secret-"));
    dirs.push(d);
    return d;
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("makes a random 48-character secret, owner-only, and keeps it for the next start", () => {
    const d = dir();
    const secret = clusterSecret(d);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{48}$/);
    expect(statSync(path.join(d, CLUSTER_SECRET_FILE)).mode & 0o777).toBe(0o600);
    expect(clusterSecret(d)).toBe(secret);
    expect(clusterSecret(dir())).not.toBe(secret);
  });

  it("replaces a kept secret too short to be one", () => {
    const d = dir();
    writeFileSync(path.join(d, CLUSTER_SECRET_FILE), "short\n");
    const secret = clusterSecret(d);
    expect(secret).toHaveLength(48);
    expect(readFileSync(path.join(d, CLUSTER_SECRET_FILE), "utf8").trim()).toBe(secret);
  });
});

describe("clusterApiKey", () => {
  it("is kept beside the secret, and differs from it", () => {
    const d = mkdtempSync(path.join(os.tmpdir(), "ucc-cluster-key-"));
    try {
      const key = clusterApiKey(d);
      expect(key).toMatch(/^[A-Za-z0-9_-]{48}$/);
      expect(clusterApiKey(d)).toBe(key);
      expect(clusterSecret(d)).not.toBe(key);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
