/**
 * Whether Teams presence is in sync, and since when it is not: kept for /metrics, for GET
 * /api/kw/me and pushed to each synced worker's presence stream when it flips, so the web client
 * shows "Teams presence: not in sync since 10:42" and takes it away once a poll caught up.
 */
import type { GraphMetrics } from "../graph/graph-metrics";
import { PROTOCOL_VERSION } from "../protocol";
import { topics, type Clock } from "./ports";
import type { StepRunner } from "./step-runner";

export function createTeamsSyncState(deps: { steps: StepRunner; clock: Clock; metrics: GraphMetrics; workers: () => readonly string[] }) {
  let since: Date | undefined;
  deps.metrics.inSync.set(1);
  deps.metrics.outOfSyncSince.set(0);

  function announce(outOfSyncSince: string | null) {
    // NOTE: a step of its own: pushes go out through the step runner, after what came before.
    void deps.steps
      .run("teams-presence-sync", async () => {
        for (const worker of deps.workers()) {
          deps.steps.announce(topics.presence(worker), { v: PROTOCOL_VERSION, type: "teams-presence", outOfSyncSince });
        }
      })
      .catch(() => undefined);
  }

  return {
    /** A read or write failed: out of sync from now (unless it already was). */
    failed() {
      if (since) return;
      since = deps.clock.now();
      deps.metrics.inSync.set(0);
      deps.metrics.outOfSyncSince.set(Math.floor(since.getTime() / 1000));
      announce(since.toISOString());
    },
    /** A whole round (reads, catch-up, writes) succeeded. */
    succeeded() {
      if (!since) return;
      since = undefined;
      deps.metrics.inSync.set(1);
      deps.metrics.outOfSyncSince.set(0);
      announce(null);
    },
    /** ISO time since which it is out of sync, or null. */
    outOfSyncSince: (): string | null => since?.toISOString() ?? null,
  };
}

export type TeamsSyncState = ReturnType<typeof createTeamsSyncState>;
