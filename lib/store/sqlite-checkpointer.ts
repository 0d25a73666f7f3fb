/**
 * Moves SQLite's WAL checkpoints off the event loop. A checkpoint copies the WAL into the
 * database file and syncs it; run from the connector's own connection it blocks every delivery
 * for milliseconds, several times a second under load. A worker thread with its own connection
 * checkpoints on a timer instead (PASSIVE: it never waits for, nor blocks, a writer).
 */
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";

/** How often the worker thread checkpoints. */
export const CHECKPOINT_INTERVAL_MS = 1_000;
/**
 * The connector's own connection still checkpoints when the WAL reaches this many pages (about
 * 40 MB), should the worker thread fall behind or die.
 */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000;

const SOURCE = `
const { workerData, parentPort } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma("busy_timeout = 1000");
const timer = setInterval(() => {
  try { db.pragma("wal_checkpoint(PASSIVE)"); } catch (error) { parentPort.postMessage(String(error)); }
}, workerData.intervalMs);
parentPort.on("message", (message) => {
  if (message !== "stop") return;
  clearInterval(timer);
  try { db.pragma("wal_checkpoint(PASSIVE)"); } catch {}
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, onError: (message: string) => void, intervalMs = CHECKPOINT_INTERVAL_MS): Checkpointer {
  const driver = createRequire(path.join(process.cwd(), "package.json")).resolve("better-sqlite3");
  const worker = new Worker(SOURCE, { eval: true, workerData: { file, driver, intervalMs } });
  worker.on("message", (message) => onError(String(message)));
  worker.on("error", (error) => onError(error.message));
  worker.unref();
  return {
    stop() {
      return new Promise<void>((resolve) => {
        const force = setTimeout(() => void worker.terminate().then(() => resolve()), 2_000);
        worker.once("exit", () => {
          clearTimeout(force);
          resolve();
        });
        worker.postMessage("stop");
      });
    },
  };
}
