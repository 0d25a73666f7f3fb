/**
 * The benchmark's child processes (the connector, the bare faye baseline) and its temp dirs.
 * A child is started with Node's own binary and the tsx loader, so the pid we sample is the
 * server itself and not a wrapper, and is tied to us by an IPC channel, so it exits when we do,
 * however we end.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import path from "node:path";
import { monitorEventLoopDelay, performance, PerformanceObserver } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { getHeapSpaceStatistics, writeHeapSnapshot } from "node:v8";
import { lateMs, LOOP_RESOLUTION_MS } from "./machine";

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const live = new Set<ChildProcess>();

/** How busy a child's event loop was since the last reading (see serveProbes). */
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

/** A child's memory as it reports it, in bytes, after a full garbage collection when it could run one. */
export interface MemoryReading {
  rss: number;
  /** V8's heap: what it holds for the process, and what live objects use of it. */
  heapTotal: number;
  heapUsed: number;
  /** Memory outside V8's heap that V8 knows of (Buffers, ArrayBuffers). */
  external: number;
  /** Whether a full GC ran first (the child was started with --expose-gc). */
  collected: boolean;
  /** Open file descriptors (sockets, mostly): held long polls and idle keep-alive connections. */
  fds: number;
  /** V8's young generation as it is sized now: it grows with the allocation rate, whatever N is. */
  newSpace: number;
}

export interface Child {
  pid: number;
  /** What the child printed as its ready line: `{"url": "..."}`. */
  url: string;
  /** The child's event-loop figures since the previous call (or its start). */
  loopStats(): Promise<LoopStats>;
  /** The child's memory now, after a full GC unless `collect` is false (see serveProbes). */
  memory(collect?: boolean): Promise<MemoryReading>;
  /** Writes a V8 heap snapshot of the child to `file` (slow: seconds per 100 MB of heap). */
  heapSnapshot(file: string): Promise<void>;
  /** Starts the child's CPU profiler (the inspector's, in its own process). */
  profileStart(): Promise<void>;
  /** Stops it and writes the profile (`.cpuprofile`, Chrome DevTools' format) to `file`. */
  profileStop(file: string): Promise<void>;
  /** Kills the child (SIGTERM, then SIGKILL after a grace) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts `bench/<script>` and waits for its first stdout line, a JSON object with its url. */
export function startChild(script: string, args: string[], env: Record<string, string>, nodeArgs: string[] = [], timeoutMs = 30_000): Promise<Child> {
  // NOTE: --expose-gc only lets the memory probe collect before it reads (see serveProbes).
  const child = spawn(process.execPath, ["--expose-gc", ...nodeArgs, "--import", "tsx", path.join(BENCH_DIR, script), ...args], {
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
        resolve({
          pid: child.pid!,
          url,
          stop,
          loopStats: () => ask<LoopStats>(child, { probe: "loop-stats" }),
          memory: (collect = true) => ask<MemoryReading>(child, { probe: "memory", collect }),
          heapSnapshot: (file) => ask<void>(child, { probe: "heap-snapshot", file }, 600_000),
          profileStart: () => ask<void>(child, { probe: "profile-start" }),
          profileStop: (file) => ask<void>(child, { probe: "profile-stop", file }, 120_000),
        });
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

type ProbeRequest =
  | { probe: "loop-stats" }
  | { probe: "memory"; collect: boolean }
  | { probe: "heap-snapshot"; file: string }
  | { probe: "profile-start" }
  | { probe: "profile-stop"; file: string };
type ProbeReply = { probe: ProbeRequest["probe"]; value?: unknown; error?: string };

/** Asks the child one probe question over IPC; the child answers in order, one at a time. */
function ask<T>(child: ChildProcess, request: ProbeRequest, timeoutMs = 30_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off("message", onMessage);
      reject(new Error(`the child did not answer the ${request.probe} probe`));
    }, timeoutMs);
    const onMessage = (message: ProbeReply) => {
      if (message?.probe !== request.probe) return;
      clearTimeout(timer);
      child.off("message", onMessage);
      if (message.error) reject(new Error(`${request.probe} probe: ${message.error}`));
      else resolve(message.value as T);
    };
    child.on("message", onMessage);
    child.send(request);
  });
}

/**
 * In a child: answer the parent's probes: event-loop figures since the last reading, memory after
 * a full GC (when started with --expose-gc), a heap snapshot.
 */
export function serveProbes(): void {
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
  const loopStats = (): LoopStats => {
    const now = performance.eventLoopUtilization();
    const stats: LoopStats = {
      utilization: performance.eventLoopUtilization(now, since).utilization,
      delayP99Ms: lateMs(delay.percentile(99)),
      delayMaxMs: lateMs(delay.max),
      gcTotalMs: gc.total,
      gcMaxMs: gc.max,
    };
    since = now;
    delay.reset();
    gc = { total: 0, max: 0 };
    return stats;
  };
  const memory = (wanted: boolean): MemoryReading => {
    const collect = wanted ? (globalThis as { gc?: () => void }).gc : undefined;
    // NOTE: twice: the first pass may only queue finalizers (closed sockets' native handles) whose
    // memory the second pass frees.
    collect?.();
    collect?.();
    const usage = process.memoryUsage();
    return {
      rss: usage.rss,
      heapTotal: usage.heapTotal,
      heapUsed: usage.heapUsed,
      external: usage.external,
      collected: collect !== undefined,
      fds: openFds(),
      newSpace: getHeapSpaceStatistics().find((space) => space.space_name === "new_space")?.space_size ?? 0,
    };
  };
  // NOTE: the inspector's profiler, started and stopped around one phase (the paced load), so the
  // profile holds that phase's work and not the workers' sign-in or the burst.
  const inspector = new Session();
  const post = (method: string) =>
    new Promise<unknown>((resolve, reject) => inspector.post(method, (error, result) => (error ? reject(error) : resolve(result))));
  const profiler = {
    async start() {
      inspector.connect();
      await post("Profiler.enable");
      await post("Profiler.start");
    },
    async stop(file: string) {
      const { profile } = (await post("Profiler.stop")) as { profile: unknown };
      writeFileSync(file, JSON.stringify(profile));
      inspector.disconnect();
    },
  };
  process.on("message", (request: ProbeRequest) => {
    if (!request || typeof request !== "object" || !("probe" in request)) return;
    const reply: ProbeReply = { probe: request.probe };
    const answer = async () => {
      if (request.probe === "loop-stats") reply.value = loopStats();
      else if (request.probe === "memory") reply.value = memory(request.collect);
      else if (request.probe === "heap-snapshot") writeHeapSnapshot(request.file);
      else if (request.probe === "profile-start") await profiler.start();
      else if (request.probe === "profile-stop") await profiler.stop(request.file);
    };
    answer()
      .catch((error: unknown) => (reply.error = error instanceof Error ? error.message : String(error)))
      .finally(() => process.send?.(reply));
  });
}

function openFds(): number {
  try {
    return readdirSync("/proc/self/fd").length;
  } catch {
    return Number.NaN; // not Linux
  }
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
