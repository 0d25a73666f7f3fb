/**
 * A real connector in a child process (tests/support/connector-entry.ts run by Node with tsx),
 * so a test can kill it with SIGKILL, as `kill -9` would, and start another on the same data dir.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { demoConfigRaw, tempDir } from "./harness";
import type { ClusterOptions } from "../../lib/app";
import type { Endpoint } from "./interactions";

const ENTRY = fileURLToPath(new URL("./connector-entry.ts", import.meta.url));
const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface ProcessOptions {
  /** The raw configuration; default: the demo one. */
  config?: Record<string, unknown>;
  /** Reuse a data dir; default: a fresh temp dir (removed by cleanup()). */
  dataDir?: string;
  apiKey?: string;
  /** Whether cleanup() removes the data dir; default: when this helper made it. */
  removeDataDir?: boolean;
  /** Milliseconds to wait for `UCC_LISTENING`; default 30 s (tsx compiles on a busy machine). */
  startTimeoutMs?: number;
  /** Several nodes: this node's share (SIGTERM then drains, as the server does). */
  cluster?: ClusterOptions;
  /** UCC_SECRET (required with `cluster`). */
  secret?: string;
  /** Listen on this port; default any. */
  port?: number;
  /** How long a drain answers 503 on /readyz before it lets go (with `cluster`). */
  drainNoticeMs?: number;
  /** More environment for the process (NODE_EXTRA_CA_CERTS for a stand-in's test CA). */
  env?: Record<string, string>;
}

export interface ConnectorProcess extends Endpoint {
  dataDir: string;
  config: Record<string, unknown>;
  child: ChildProcess;
  /** Everything the child wrote on stderr so far (for failure messages). */
  stderr(): string;
  /** SIGKILL: no goodbye, no flush beyond what was already written. Resolves once it is gone. */
  kill9(): Promise<void>;
  /** Starts a new process on the same data dir, configuration and API key (after kill9 or stop). */
  restart(): Promise<ConnectorProcess>;
  /** SIGTERM and wait (the graceful way: with `cluster`, a drain). */
  stop(): Promise<void>;
  /** Resolves when the process has exited, whoever ended it. */
  exited: Promise<void>;
  /** Stops the process if it runs and removes the data dir when this helper made it. */
  cleanup(): Promise<void>;
}

export async function startConnectorProcess(options: ProcessOptions = {}): Promise<ConnectorProcess> {
  // NOTE: as in ./harness.ts: no restart grace unless the test's configuration names one.
  const raw = options.config ?? demoConfigRaw();
  const routing = (raw.routing ?? {}) as Record<string, unknown>;
  const config = routing["restart-grace"] === undefined ? { ...raw, routing: { ...routing, "restart-grace": 0 } } : raw;
  const ownsDataDir = options.removeDataDir ?? options.dataDir === undefined;
  const dataDir = options.dataDir ?? tempDir("ucc-proc-");
  const apiKey = options.apiKey ?? `proc-key-${Math.random().toString(36).slice(2)}-0123456789`;
  const child = spawn(process.execPath, ["--import", "tsx", ENTRY], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      UCC_TEST_CONFIG: JSON.stringify(config),
      UCC_TEST_DATA_DIR: dataDir,
      UCC_TEST_API_KEY: apiKey,
      UCC_TEST_PORT: String(options.port ?? 0),
      ...(options.cluster ? { UCC_TEST_CLUSTER: JSON.stringify(options.cluster) } : {}),
      ...(options.secret ? { UCC_TEST_SECRET: options.secret } : {}),
      ...(options.drainNoticeMs !== undefined ? { UCC_TEST_DRAIN_MS: String(options.drainNoticeMs) } : {}),
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });

  const url = await new Promise<string>((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`connector process did not start within ${options.startTimeoutMs ?? 30_000} ms; stderr: ${stderr}`));
    }, options.startTimeoutMs ?? 30_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      const match = /UCC_LISTENING (\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`connector process exited before listening (code ${code}, signal ${signal}); stderr: ${stderr}`));
    });
  });

  let gone = false;
  const handle: ConnectorProcess = {
    url,
    apiKey,
    dataDir,
    config,
    child,
    stderr: () => stderr,
    exited,
    async kill9() {
      if (!gone) child.kill("SIGKILL");
      gone = true;
      await exited;
    },
    async stop() {
      if (!gone) child.kill("SIGTERM");
      gone = true;
      await exited;
    },
    async restart() {
      await handle.kill9();
      return startConnectorProcess({ ...options, config, dataDir, apiKey, removeDataDir: ownsDataDir });
    },
    async cleanup() {
      await handle.kill9();
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}
