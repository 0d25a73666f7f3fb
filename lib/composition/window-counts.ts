/**
 * How many windows each worker has open, as routing needs it (a Preview or an invitation, B7):
 * on one node, its own Bayeux sessions (lib/connector/window-tracker.ts); with several nodes, the
 * sum over every node's (lib/bus/cluster-windows.ts).
 */
export interface WindowCounts {
  count(worker: string): number;
  /** Calls `listener` with the new count whenever a worker's count changes. */
  onChange(listener: (worker: string, count: number) => void): void;
}

/** One node's counts (its tracker's), with their changes fanned out. */
export function localWindowCounts(count: (worker: string) => number): WindowCounts & { changed(worker: string, count: number): void } {
  const listeners = new Set<(worker: string, count: number) => void>();
  return {
    count,
    onChange(listener) {
      listeners.add(listener);
    },
    changed(worker, count) {
      for (const listener of listeners) listener(worker, count);
    },
  };
}
