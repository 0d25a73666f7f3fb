/** Which Knowledge Worker a person from the directory is, by the name their token carries. */
import type { ConnectorConfig } from "../config/schema";

type WorkerEntry = ConnectorConfig["workers"][number];

/**
 * The worker whose `upn` is this name (case-insensitive, as directories compare them), else the
 * worker whose id it is; undefined for anyone else.
 */
export function findWorkerByName(workers: readonly WorkerEntry[], name: unknown): WorkerEntry | undefined {
  if (typeof name !== "string" || !name || name.length > 256) return undefined;
  const folded = name.toLowerCase();
  return workers.find((w) => w.upn?.toLowerCase() === folded) ?? workers.find((w) => !w.upn && w.id === folded);
}
