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
 * above the average would mean the cost per worker grows with N.
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
}

/** Connects workers [0, N) in two halves through `connect`, reading the server's memory around them. */
export async function connectMeasured(
  child: Child,
  workers: number,
  connect: (from: number, to: number) => Promise<void>,
  snapshots?: { dir: string; name: string },
): Promise<MemoryCurve> {
  const snapshot = async (when: string) => {
    if (snapshots) await child.heapSnapshot(path.join(snapshots.dir, `${snapshots.name}-${when}.heapsnapshot`));
  };
  await snapshot("before");
  const before = await child.memory();
  const halfway = Math.floor(workers / 2);
  let connectMs = 0;
  const timedConnect = async (from: number, to: number) => {
    const start = performance.now();
    await connect(from, to);
    connectMs += performance.now() - start;
  };
  await timedConnect(0, halfway);
  const half = await child.memory();
  await timedConnect(halfway, workers);
  const full = await child.memory();
  await snapshot(`${workers}-workers`);
  return { workers, connectSeconds: connectMs / 1000, before, half, full };
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
  return (
    `${name} RSS ${mb(curve.before.rss)} -> ${mb(curve.half.rss)} -> ${mb(curve.full.rss)} MB: ${rss.average.toFixed(1)} kB per worker ` +
    `(marginal ${rss.marginal.toFixed(1)}; V8 heap ${heap.average.toFixed(1)}, heap held ${perWorkerKB(curve, "heapTotal").average.toFixed(1)}); ` +
    `open fds ${curve.before.fds} -> ${curve.full.fds}; V8 new space ${mb(curve.before.newSpace)} -> ${mb(curve.half.newSpace)} -> ${mb(curve.full.newSpace)} MB`
  );
}
