/**
 * Several nodes' settings (shared/CONTRACT.md): UCC_DATABASE_URL and UCC_REDIS_URL go together,
 * each checked for its scheme; with them, UCC_SECRET is required (one line naming it).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readEnv } from "../../lib/config/env";
import { resolveSecrets } from "../../lib/config/secrets";
import { readControl } from "../../lib/cluster/control-messages";

const envOf = (vars: Record<string, string>) => vars as unknown as NodeJS.ProcessEnv;
const DB = "postgres://ucc@127.0.0.1:5432/ucc";
const REDIS = "redis://127.0.0.1:6379";

describe("several nodes' environment", () => {
  it("is one node without either URL", () => {
    expect(readEnv(envOf({})).cluster).toBeUndefined();
  });

  it("reads both URLs, the node's id and its URL for its peers", () => {
    const env = readEnv(envOf({ UCC_DATABASE_URL: DB, UCC_REDIS_URL: REDIS, UCC_NODE_ID: "node-2", UCC_NODE_URL: "http://10.0.0.2:3000/" }));
    expect(env.cluster).toEqual({ databaseUrl: DB, redisUrl: REDIS, nodeId: "node-2", nodeUrl: "http://10.0.0.2:3000" });
  });

  it("names a node after its host and process when UCC_NODE_ID is unset", () => {
    expect(readEnv(envOf({ UCC_DATABASE_URL: DB, UCC_REDIS_URL: REDIS })).cluster?.nodeId).toMatch(new RegExp(`-${process.pid}$`));
  });

  it.each([
    [{ UCC_DATABASE_URL: DB }, "environment variable UCC_REDIS_URL: required with UCC_DATABASE_URL"],
    [{ UCC_REDIS_URL: REDIS }, "environment variable UCC_DATABASE_URL: required with UCC_REDIS_URL"],
    [{ UCC_DATABASE_URL: "mysql://db/ucc", UCC_REDIS_URL: REDIS }, "UCC_DATABASE_URL: must be a postgres:// URL"],
    [{ UCC_DATABASE_URL: DB, UCC_REDIS_URL: "http://redis" }, "UCC_REDIS_URL: must be a redis:// or rediss:// URL"],
    [{ UCC_DATABASE_URL: DB, UCC_REDIS_URL: REDIS, UCC_NODE_ID: "a b" }, "UCC_NODE_ID"],
    [{ UCC_DATABASE_URL: DB, UCC_REDIS_URL: REDIS, UCC_NODE_URL: "http://10.0.0.2:3000/x" }, "UCC_NODE_URL"],
  ])("refuses %j with one line naming the variable", (vars, message) => {
    expect(() => readEnv(envOf(vars))).toThrow(message);
  });

  it("refuses to derive node-local secrets for several nodes: UCC_SECRET is required", () => {
    expect(() => resolveSecrets({ secret: undefined, dataDir: "/nonexistent", requiredBecause: "UCC_DATABASE_URL and UCC_REDIS_URL are set" })).toThrow(
      /^environment variable UCC_SECRET: required \(32\+ characters, the same on every node\) because UCC_DATABASE_URL/,
    );
  });
});

describe("control messages between nodes", () => {
  it("keeps the shapes nodes send", () => {
    expect(readControl({ type: "drop-worker", worker: "kw1" })).toEqual({ type: "drop-worker", worker: "kw1" });
    expect(readControl({ type: "sessions-ended", key: "a".repeat(64) })).toEqual({ type: "sessions-ended", key: "a".repeat(64) });
    expect(readControl({ type: "owner-changed", epoch: 3 })).toEqual({ type: "owner-changed", epoch: 3 });
  });

  it.each([{ type: "drop-worker" }, { type: "drop-worker", worker: "" }, { type: "sessions-ended", key: "not-a-hash" }, { type: "owner-changed", epoch: -1 }, { type: "reboot" }, { type: "drop-worker", worker: "kw1", extra: 1 }])(
    "drops %j",
    (message) => {
      expect(readControl(message as never)).toBeUndefined();
    },
  );
});

describe("starting a node with several-node settings", () => {
  const start = (env: Record<string, string>) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("UCC_"))) as NodeJS.ProcessEnv;
    return spawnSync(process.execPath, ["--import", "tsx", "server.ts"], {
      cwd: path.resolve(__dirname, "..", ".."),
      encoding: "utf8",
      env: { ...clean, PORT: "0", UCC_DATA_DIR: path.join(os.tmpdir(), `ucc-cluster-env-${process.pid}-never-made`), ...env },
      timeout: 30_000,
    });
  };

  it.each([
    [{ UCC_DATABASE_URL: DB, UCC_REDIS_URL: REDIS }, /^ucc: environment variable UCC_SECRET: required \(32\+ characters, the same on every node\) because UCC_DATABASE_URL and UCC_REDIS_URL are set: several nodes share the work\n$/],
    [{ UCC_DATABASE_URL: DB }, /^ucc: environment variable UCC_REDIS_URL: required with UCC_DATABASE_URL .*\n$/],
  ])("%j stops with one line and exit code 2, before anything is opened", (env, line) => {
    const run = start(env);
    expect(run.stderr).toMatch(line);
    expect(run.status).toBe(2);
    expect(existsSync(path.join(os.tmpdir(), `ucc-cluster-env-${process.pid}-never-made`))).toBe(false);
  });
});
