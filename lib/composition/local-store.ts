/**
 * The one node's own store: SQLite in the data dir, its commits and disk syncs counted for
 * /metrics (the benchmark reads them per chat). Several nodes use the PostgreSQL store instead.
 */
import { fdatasyncSync } from "node:fs";
import path from "node:path";
import type { Logger } from "../observability/logger";
import type { StoreActivity } from "../observability/metrics";
import { openSqliteStore } from "../store/sqlite-store";
import type { Store } from "../store/store";

export function openLocalStore(dataDir: string, logger: Logger): { store: Store; activity: StoreActivity } {
  const activity: StoreActivity = { commits: 0, syncs: 0 };
  const store = openSqliteStore(path.join(dataDir, "connector.sqlite"), {
    onCheckpointError: (message) => logger.warn({ reason: message }, "background WAL checkpoint failed"),
    onCommit: () => activity.commits++,
    syncFile: (fd) => {
      activity.syncs++;
      const started = performance.now();
      try {
        fdatasyncSync(fd);
      } finally {
        activity.observeSync?.((performance.now() - started) / 1000);
      }
    },
  });
  return { store, activity };
}
