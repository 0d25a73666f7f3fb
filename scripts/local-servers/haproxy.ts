/**
 * A local HAProxy (Debian's haproxy) in front of connector nodes, for tests and `npm run cluster`:
 * `haproxy -db -f CFG` in the foreground as a child, its configuration from
 * lib/cluster/haproxy-config.ts, ready when its port accepts a connection, stopped by its PID.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { haproxyConfig, type HaproxyBackend } from "../../lib/cluster/haproxy-config";
import { freePort } from "../../tests/support/free-port";
import { accepts, stopChild, tail, waitUntilReady } from "./child-process";

export interface LocalHaproxy {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * @param options.port default: a free port
 * @param options.dir where its configuration is written; default: a scratch dir under os.tmpdir(), removed on stop
 * @param options.detached default false; true: its own process group, so a terminal's Ctrl-C reaches only the parent, which stops it in its turn
 */
export async function startHaproxy(options: { port?: number; backends: HaproxyBackend[]; dir?: string; detached?: boolean }): Promise<LocalHaproxy> {
  const port = options.port ?? (await freePort());
  const dir = options.dir ?? mkdtempSync(path.join(os.tmpdir(), "ucc-haproxy-"));
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "haproxy.cfg");
  writeFileSync(file, haproxyConfig({ port, backends: options.backends }));
  const child = spawn("haproxy", ["-db", "-f", file], { stdio: ["ignore", "pipe", "pipe"], detached: options.detached ?? false });
  const output = tail(child);
  const stop = async () => {
    await stopChild(child);
    if (!options.dir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(child, `haproxy on 127.0.0.1:${port}`, () => accepts(port), { output });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, port, stop };
}
