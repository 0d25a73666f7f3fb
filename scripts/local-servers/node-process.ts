/**
 * One connector node of the local cluster: `node scripts/start.mjs` as a child with its own
 * environment, every line it writes prefixed with its name, stopped by PID.
 */
import { spawn, type ChildProcess } from "node:child_process";
import readline from "node:readline";
import type { Writable } from "node:stream";

export interface LocalNode {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code (or signal) once the node has exited. */
  exited: Promise<number | string>;
  /** SIGTERM (the node drains), then SIGKILL to its whole process group after `graceMs` (default 10 s). */
  stop(graceMs?: number): Promise<void>;
}

export function startNode(options: {
  name: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Default: `node scripts/start.mjs`. */
  command?: string[];
  /** Where the prefixed lines go; default stdout. */
  out?: Writable;
}): LocalNode {
  const [file, ...args] = options.command ?? [process.execPath, "scripts/start.mjs"];
  // NOTE: detached: a process group of its own. start.mjs runs the server as its child; a SIGKILL
  // to the group takes both (a SIGKILL to start.mjs alone would orphan the server), and a
  // terminal's Ctrl-C reaches only the cluster script, which stops the nodes in order.
  const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const out = options.out ?? process.stdout;
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream! }).on("line", (line) => out.write(`${options.name} | ${line}\n`));
  }
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")));
  const running = () => child.exitCode === null && child.signalCode === null;
  const signal = (pid: number, name: NodeJS.Signals) => {
    try {
      process.kill(pid, name);
    } catch {
      // ESRCH: already gone.
    }
  };
  return {
    name: options.name,
    child,
    exited,
    async stop(graceMs = 10_000) {
      if (!running() || child.pid === undefined) return;
      signal(child.pid, "SIGTERM");
      const timer = setTimeout(() => signal(-child.pid!, "SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
      // Whatever the group still holds (a server that outlived start.mjs) goes too.
      signal(-child.pid, "SIGKILL");
    },
  };
}
