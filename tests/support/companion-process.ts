/**
 * The desktop companion (npm run companion) in a child process, as a worker would run it: its
 * output kept line by line (not a terminal, so one status line per change) and stopped by PID.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { waitFor } from "./wait";

const ENTRY = path.join(__dirname, "..", "..", "scripts", "companion.ts");
const PROJECT_ROOT = path.join(__dirname, "..", "..");

export interface CompanionProcess {
  child: ChildProcess;
  /** Every line it printed on stdout so far. */
  lines(): string[];
  stderr(): string;
  /** Waits until a printed line matches; returns it and its index. */
  line(pattern: RegExp, options?: { after?: number; timeoutMs?: number }): Promise<{ text: string; index: number }>;
  /** The last status line printed (lines starting with the worker's id). */
  status(): string | undefined;
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

export function startCompanion(args: string[], env: Record<string, string> = {}): CompanionProcess {
  const child = spawn(process.execPath, ["--import", "tsx", ENTRY, ...args], { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const lines = () => stdout.split("\n").filter((l) => l.length > 0);
  const worker = args[args.indexOf("--worker") + 1];
  return {
    child,
    lines,
    stderr: () => stderr,
    async line(pattern, { after = -1, timeoutMs = 20_000 } = {}) {
      const found = await waitFor(
        () => {
          const all = lines();
          const index = all.findIndex((l, i) => i > after && pattern.test(l));
          return index < 0 ? undefined : { text: all[index], index };
        },
        (v) => v !== undefined || child.exitCode !== null,
        { timeoutMs, what: `a companion line ${pattern} (stdout: ${stdout.slice(-500)} stderr: ${stderr.slice(-500)})` },
      );
      if (!found) throw new Error(`the companion exited (${child.exitCode}) before printing ${pattern}; stderr: ${stderr}`);
      return found;
    },
    status() {
      return lines()
        .filter((l) => l.startsWith(`${worker} | `))
        .at(-1);
    },
    exited,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}
