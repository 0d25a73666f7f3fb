/**
 * The benchmark's child processes (the connector, the bare faye baseline) and its temp dirs.
 * A child is started with Node's own binary and the tsx loader, so the pid we sample is the
 * server itself and not a wrapper, and is tied to us by an IPC channel, so it exits when we do,
 * however we end.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { monitorEventLoopDelay, performance, PerformanceObserver } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { lateMs, LOOP_RESOLUTION_MS } from "./machine";

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const live = new Set<ChildProcess>();

/** How busy a child's event loop was since the last reading (see serveLoopStats). */
export interface LoopStats {
  /** Share of wall time the loop was not idle (running JS or blocked in a synchronous call), 0..1. */
  utilization: number;
  /** p99 and max of how late a timer ran, ms (a stall of the loop delays every request and delivery). */
  delayP99Ms: number;
  delayMaxMs: number;
  /** Garbage collection: total and longest pause, ms. */
  gcTotalMs: number;
  gcMaxMs: number;
}

export interface Child {
  pid: number;
  /** What the child printed as its ready line: `{"url": "..."}`. */
  url: string;
  /** The child's event-loop figures since the previous call (or its start). */
  loopStats(): Promise<LoopStats>;
  /** Kills the child (SIGTERM, then SIGKILL after a grace: a CPU profile is written on exit) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts `bench/<script>` and waits for its first stdout line, a JSON object with its url. */
export function startChild(script: string, args: string[], env: Record<string, string>, nodeArgs: string[] = [], timeoutMs = 30_000): Promise<Child> {
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", path.join(BENCH_DIR, script), ...args], {
    cwd: path.dirname(BENCH_DIR),
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  live.add(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  exited.then(() => live.delete(child));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(force);
    }
  };

  return new Promise((resolve, reject) => {
    let buffered = "";
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${script} did not print its URL within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited before it was ready (code ${code}, signal ${signal})`));
    });
    child.stdout!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const newline = buffered.indexOf("\n");
      if (newline < 0) return;
      clearTimeout(timer);
      try {
        const { url } = JSON.parse(buffered.slice(0, newline)) as { url: string };
        resolve({ pid: child.pid!, url, stop, loopStats: () => askLoopStats(child) });
      } catch {
        void stop();
        reject(new Error(`${script} printed something other than its ready line: ${buffered.slice(0, 200)}`));
      }
      // NOTE: keep draining stdout so a chatty child never blocks on a full pipe.
      child.stdout!.removeAllListeners("data");
      child.stdout!.resume();
    });
  });
}

const tempDirs = new Set<string>();

/** A temp dir to remove when the benchmark exits, however it exits. */
export function removeOnExit(dir: string): void {
  tempDirs.add(dir);
}

/** Kills every child still running and removes the temp dirs (for exits and signals; synchronous). */
export function cleanUpNow(): void {
  for (const child of live) child.kill("SIGKILL");
  live.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

function askLoopStats(child: ChildProcess): Promise<LoopStats> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the child did not report its event-loop figures")), 10_000);
    const onMessage = (message: { loopStats?: LoopStats }) => {
      if (!message?.loopStats) return;
      clearTimeout(timer);
      child.off("message", onMessage);
      resolve(message.loopStats);
    };
    child.on("message", onMessage);
    child.send("loop-stats");
  });
}

/** In a child: answer the parent's "loop-stats" with this process's event-loop figures. */
export function serveLoopStats(): void {
  const delay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  delay.enable();
  let since = performance.eventLoopUtilization();
  let gc = { total: 0, max: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.total += entry.duration;
      gc.max = Math.max(gc.max, entry.duration);
    }
  }).observe({ entryTypes: ["gc"] });
  process.on("message", (message) => {
    if (message !== "loop-stats") return;
    const now = performance.eventLoopUtilization();
    const loopStats: LoopStats = {
      utilization: performance.eventLoopUtilization(now, since).utilization,
      delayP99Ms: lateMs(delay.percentile(99)),
      delayMaxMs: lateMs(delay.max),
      gcTotalMs: gc.total,
      gcMaxMs: gc.max,
    };
    since = now;
    delay.reset();
    gc = { total: 0, max: 0 };
    process.send?.({ loopStats });
  });
}

/** In a child: exit when the parent goes away (its IPC channel closes). */
export function exitWithParent(cleanup: () => void = () => undefined): void {
  const bye = () => {
    cleanup();
    process.exit(0);
  };
  process.on("disconnect", bye);
  process.on("SIGTERM", bye);
  process.on("SIGINT", bye);
}
