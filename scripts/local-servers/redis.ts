/**
 * A local Redis (Debian's redis-server) for tests and `npm run cluster`: a child process on
 * 127.0.0.1 with its own dir, no persistence (the bus and window counts are live state only),
 * ready when it answers PING, stopped by its PID. Starting again on the same port is how tests
 * play "Redis restarts".
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Redis from "ioredis";
import { freePort } from "../../tests/support/free-port";
import { stopChild, tail, waitUntilReady } from "./child-process";

export interface LocalRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** True when a Redis on the port answers PING (one attempt, no reconnection). */
async function answersPing(port: number): Promise<boolean> {
  const client = new Redis({ host: "127.0.0.1", port, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  client.on("error", () => {});
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * @param options.port default: a free port
 * @param options.dir where Redis may write (its log); default: a scratch dir under os.tmpdir(), removed on stop
 * @param options.detached default false; true: its own process group, so a terminal's Ctrl-C reaches only the parent, which stops it in its turn
 */
export async function startRedis(options: { port?: number; dir?: string; detached?: boolean } = {}): Promise<LocalRedis> {
  const port = options.port ?? (await freePort());
  const dir = options.dir ?? mkdtempSync(path.join(os.tmpdir(), "ucc-redis-"));
  mkdirSync(dir, { recursive: true });
  const child = spawn(
    "redis-server",
    ["--bind", "127.0.0.1", "--port", String(port), "--dir", dir, "--save", "", "--appendonly", "no", "--daemonize", "no"],
    { stdio: ["ignore", "pipe", "pipe"], detached: options.detached ?? false },
  );
  const output = tail(child);
  const stop = async () => {
    await stopChild(child);
    if (!options.dir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(child, `redis-server on 127.0.0.1:${port}`, () => answersPing(port), { output });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `redis://127.0.0.1:${port}`, port, stop };
}
