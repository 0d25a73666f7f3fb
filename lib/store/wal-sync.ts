/**
 * Durability without blocking the event loop. The connection runs with synchronous=NORMAL, so a
 * commit only writes the WAL (no fsync while every delivery waits); this syncs the WAL file on
 * libuv's thread pool instead, and tells callers when everything they committed is on disk.
 * Syncs coalesce: one fdatasync covers every commit made before it started (a group commit).
 *
 * NOTE: a commit made while a sync is running is not covered by it. Rather than wait for that
 * sync to come back before starting the next (two thread-pool round trips, each waiting for a
 * busy event loop to notice it), a second sync starts at once; at most MAX_IN_FLIGHT run together.
 */
import fs from "node:fs";

/** Syncs running at once: the one that was running, and one for the commits made since. */
export const MAX_IN_FLIGHT = 2;

export class WalSync {
  private committed = 0;
  private synced = 0;
  /** The commit count each running sync covers. */
  private running: number[] = [];
  private waiters: { target: number; resolve(): void; reject(error: Error): void }[] = [];

  constructor(private readonly fd: number) {}

  /** Call after every commit. */
  noteCommit(): void {
    this.committed++;
  }

  /** Resolves once every commit noted so far is on disk. */
  durable(): Promise<void> {
    if (this.synced >= this.committed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ target: this.committed, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    if (this.waiters.length === 0 || this.running.length >= MAX_IN_FLIGHT) return;
    const coveredByRunning = Math.max(this.synced, ...this.running);
    if (!this.waiters.some((w) => w.target > coveredByRunning)) return;
    const covering = this.committed;
    this.running.push(covering);
    fs.fdatasync(this.fd, (error) => {
      this.running.splice(this.running.indexOf(covering), 1);
      if (error) {
        const failed = this.waiters.splice(0);
        for (const w of failed) w.reject(error);
        return;
      }
      this.synced = Math.max(this.synced, covering);
      const still: typeof this.waiters = [];
      for (const w of this.waiters) (w.target <= this.synced ? w.resolve() : still.push(w));
      this.waiters = still;
      this.next();
    });
  }
}
