/**
 * A real Prosody (Debian's package) for the xmpp IM gateway's tests, on loopback, in a scratch
 * dir of its own: its own config (no TLS, no s2s, no HTTP), accounts made with prosodyctl,
 * started as the prosody user (it refuses root) and stopped by its PID. Installs the package
 * when it is missing (scripts/ensure-prosody.sh). One per test file: start it once.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort } from "./free-port";

export const XMPP_DOMAIN = "localhost";
const START_TIMEOUT_MS = 15_000;
const REPO_ROOT = path.resolve(__dirname, "..", "..");

export interface Prosody {
  port: number;
  service: string;
  domain: string;
  /** Makes an account (user@localhost). */
  register(user: string, password: string): void;
  stop(): Promise<void>;
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export async function startProsody(): Promise<Prosody> {
  execFileSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-prosody.sh")], { stdio: "inherit" });
  const dir = mkdtempSync(path.join(os.tmpdir(), "ucc-prosody-"));
  const port = await freePort();
  const config = path.join(dir, "prosody.cfg.lua");
  mkdirSync(path.join(dir, "data"));
  writeFileSync(
    config,
    `-- Written by tests/support/prosody.ts: loopback only, plaintext (tests only).
daemonize = false
pidfile = "${dir}/prosody.pid"
data_path = "${dir}/data"
admin_socket = "${dir}/prosody.sock"
interfaces = { "127.0.0.1" }
c2s_ports = { ${port} }
s2s_ports = {}
http_ports = {}
https_ports = {}
c2s_require_encryption = false
authentication = "internal_hashed"
-- NOTE: fewer SCRAM iterations than the default halve each login's time.
default_iteration_count = 4096
modules_enabled = { "roster"; "saslauth"; "disco"; "ping"; "presence"; "message" }
log = { { levels = { min = "error" }, to = "file", filename = "${dir}/prosody.log" } }
VirtualHost "${XMPP_DOMAIN}"
`,
  );
  chmodSync(dir, 0o755);
  execFileSync("chown", ["-R", "prosody", dir]);
  const register = (user: string, password: string) => {
    execFileSync("prosodyctl", ["--config", config, "register", user, XMPP_DOMAIN, password], { stdio: "ignore" });
  };

  const child: ChildProcess = spawn("runuser", ["-u", "prosody", "--", "prosody", "--config", config], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await listening(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`Prosody did not listen on 127.0.0.1:${port} (exit ${child.exitCode})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    service: `xmpp://127.0.0.1:${port}`,
    domain: XMPP_DOMAIN,
    register,
    async stop() {
      // NOTE: runuser passes the signal on to Prosody, which stops cleanly on SIGTERM.
      child.kill("SIGTERM");
      const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5_000))]);
      if (!stopped) child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
