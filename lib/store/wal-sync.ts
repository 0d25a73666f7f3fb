/**
 * Durability without blocking the event loop. The connection runs with synchronous=NORMAL, so a
 * commit only writes the WAL (no fsync while every delivery waits); this syncs the WAL file on
 * libuv's thread pool instead, and tells callers when everything they committed is on disk.
 * Syncs coalesce: one fdatasync covers every commit made before it started (a group commit).
 */
import fs from "node:fs";

export class WalSync {
  private committed = 0;
  private synced = 0;
  private syncing = false;
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
    if (this.syncing || this.waiters.length === 0) return;
    this.syncing = true;
    const covering = this.committed;
    fs.fdatasync(this.fd, (error) => {
      this.syncing = false;
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
