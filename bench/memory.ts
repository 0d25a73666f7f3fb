/**
 * What each connected worker costs a server in memory. The server's memory is read (after a full
 * GC, in the server's own process) before the first worker connects, after half of them and after
 * all of them; each worker signs in and subscribes in between, nothing else runs. So:
 *
 *   RSS per worker = (RSS with N connected - RSS before any) / N
 *   marginal       = (RSS with N connected - RSS with N/2) / (N - N/2)
 *
 * The first is what a node pays for N workers; the second leaves out costs paid once by the
 * first workers (code compiled on first use, pools that grow once), so a marginal figure well
 * above the average would mean the cost per worker grows with N. Garbage is not counted: V8 lets
 * it grow to a few times the live heap between full collections, whatever holds the heap, so the
 * peak RSS of the run is reported beside these.
 */
import path from "node:path";
import type { Child, MemoryReading } from "./children";

export interface MemoryCurve {
  workers: number;
  /** Seconds to sign in and subscribe all N (the readings between the halves not counted). */
  connectSeconds: number;
  before: MemoryReading;
  half: MemoryReading;
  full: MemoryReading;
  /** At N, before the workers' own idle connections were closed (when they have any). */
  fullWithIdle?: MemoryReading;
}

/**
 * How the workers are connected: `connect` signs in and subscribes workers [from, to); `closeIdle`,
 * if given, closes the workers' own idle keep-alive connections (their sign-in's), which the
 * server would close itself once its keep-alive timeout passes: the readings are of the steady
 * state, where a worker holds its long poll and nothing else.
 */
export interface Connecting {
  connect(from: number, to: number): Promise<void>;
  closeIdle?(): void;
}

/** Connects workers [0, N) in two halves, reading the server's memory around them. */
export async function connectMeasured(child: Child, workers: number, how: Connecting, snapshots?: { dir: string; name: string }): Promise<MemoryCurve> {
  const snapshot = async (when: string) => {
    if (snapshots) await child.heapSnapshot(path.join(snapshots.dir, `${snapshots.name}-${when}.heapsnapshot`));
  };
  await snapshot("before");
  const before = await child.memory();
  const halfway = Math.floor(workers / 2);
  let connectMs = 0;
  const timedConnect = async (from: number, to: number) => {
    const start = performance.now();
    await how.connect(from, to);
    connectMs += performance.now() - start;
  };
  const closeIdle = async () => {
    if (!how.closeIdle) return;
    how.closeIdle();
    await fdsSettled(child);
  };
  await timedConnect(0, halfway);
  await closeIdle();
  const half = await child.memory();
  await timedConnect(halfway, workers);
  const fullWithIdle = how.closeIdle ? await child.memory() : undefined;
  await closeIdle();
  const full = await child.memory();
  await snapshot(`${workers}-workers`);
  return { workers, connectSeconds: connectMs / 1000, before, half, full, fullWithIdle };
}

/** Waits until the server has seen closed connections go: its open fds stop falling (at most 10 s). */
async function fdsSettled(child: Child): Promise<void> {
  const deadline = performance.now() + 10_000;
  let last = (await child.memory(false)).fds;
  while (performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const now = (await child.memory(false)).fds;
    if (now >= last) return;
    last = now;
  }
}

/**
 * What one idle keep-alive connection holds in the server's V8 heap, in kB, from the readings with
 * and without them. (Not RSS: V8 keeps the pages it freed, so RSS hardly falls when they close.)
 */
export function idleConnectionKB(curve: MemoryCurve): { kB: number; connections: number } | undefined {
  const open = curve.fullWithIdle;
  if (!open) return undefined;
  const connections = open.fds - curve.full.fds;
  return connections > 0 ? { kB: (open.heapUsed - curve.full.heapUsed) / connections / 1000, connections } : undefined;
}

/** Bytes per worker, average and marginal (see the head of this file), in kB (1,000 bytes). */
export function perWorkerKB(curve: MemoryCurve, field: "rss" | "heapTotal" | "heapUsed" | "external" = "rss"): { average: number; marginal: number } {
  const { workers, before, half, full } = curve;
  const halfway = Math.floor(workers / 2);
  return {
    average: (full[field] - before[field]) / workers / 1000,
    marginal: workers - halfway > 0 ? (full[field] - half[field]) / (workers - halfway) / 1000 : Number.NaN,
  };
}

/** One line for the progress log. */
export function describeMemory(name: string, curve: MemoryCurve): string {
  const mb = (bytes: number) => (bytes / 1e6).toFixed(0);
  const rss = perWorkerKB(curve, "rss");
  const heap = perWorkerKB(curve, "heapUsed");
  const idle = idleConnectionKB(curve);
  return (
    `${name} RSS ${mb(curve.before.rss)} -> ${mb(curve.half.rss)} -> ${mb(curve.full.rss)} MB: ${rss.average.toFixed(1)} kB per worker ` +
    `(marginal ${rss.marginal.toFixed(1)}; V8 heap ${heap.average.toFixed(1)}, heap held ${perWorkerKB(curve, "heapTotal").average.toFixed(1)}); ` +
    `open fds ${curve.before.fds} -> ${curve.full.fds}; V8 new space ${mb(curve.before.newSpace)} -> ${mb(curve.half.newSpace)} -> ${mb(curve.full.newSpace)} MB` +
    (idle ? `; ${idle.connections} idle keep-alive connections held ${idle.kB.toFixed(1)} kB of heap each` : "")
  );
}
