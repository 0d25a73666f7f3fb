/**
 * The dev sign-in signs anyone in as any worker: the start allows `"sign-in": "dev"` only on a
 * loopback listen address (HOST), and refuses it elsewhere with one line and exit code 2.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkDevSignInListen, isLoopbackListenAddress } from "../../lib/auth/dev-sign-in-start";

describe("loopback listen addresses", () => {
  it.each(["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LOCALHOST", "::ffff:127.0.0.1", "0:0:0:0:0:0:0:1"])("%s is loopback", (host) => {
    expect(isLoopbackListenAddress(host)).toBe(true);
  });
  it.each(["0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "128.0.0.1", "ucc.example.com", "localhost.example.com", "::ffff:10.0.0.1", ""])("%s is not", (host) => {
    expect(isLoopbackListenAddress(host)).toBe(false);
  });
  it("dev on another address is refused, naming the option and the address; oidc is not", () => {
    expect(() => checkDevSignInListen("dev", "0.0.0.0", "/etc/ucc.json")).toThrow(/^configuration file \/etc\/ucc.json: option sign-in: "dev" .* HOST is 0.0.0.0/);
    expect(() => checkDevSignInListen("dev", "127.0.0.1", "/etc/ucc.json")).not.toThrow();
    expect(() => checkDevSignInListen("oidc", "0.0.0.0", "/etc/ucc.json")).not.toThrow();
    expect(() => checkDevSignInListen("none", "0.0.0.0", "/etc/ucc.json")).not.toThrow();
  });
});

/** The test runner's environment without the variables these starts set themselves. */
function baseEnv(): NodeJS.ProcessEnv {
  const { UCC_CONFIG: _c, UCC_SECRET: _s, HOST: _h, ...rest } = process.env;
  return rest as NodeJS.ProcessEnv;
}

describe("npm start", () => {
  it("with the demo configuration (dev sign-in) on HOST=0.0.0.0 stops with exit code 2 and one line", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ucc-dev-host-"));
    try {
      const run = spawnSync(process.execPath, ["--import", "tsx", "server.ts"], {
        cwd: path.resolve(__dirname, "..", ".."),
        env: { ...baseEnv(), HOST: "0.0.0.0", PORT: "0", UCC_DATA_DIR: dir },
        encoding: "utf8",
        timeout: 30_000,
      });
      expect(run.status, run.stderr).toBe(2);
      const lines = run.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^ucc: configuration file .*demo\.json: option sign-in: "dev" .*loopback.*HOST is 0\.0\.0\.0/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("with a UCC_SECRET shorter than 32 characters stops with exit code 2 and one line", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ucc-secret-"));
    try {
      const run = spawnSync(process.execPath, ["--import", "tsx", "server.ts"], {
        cwd: path.resolve(__dirname, "..", ".."),
        env: { ...baseEnv(), PORT: "0", UCC_DATA_DIR: dir, UCC_SECRET: "too-short" },
        encoding: "utf8",
        timeout: 30_000,
      });
      expect(run.status, run.stderr).toBe(2);
      expect(run.stderr.trim().split("\n")).toEqual(["ucc: environment variable UCC_SECRET: must be at least 32 characters"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
