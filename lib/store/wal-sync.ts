/**
 * Durability without blocking the event loop. The connection runs with synchronous=NORMAL, so a
 * commit only writes the WAL (no fsync while every delivery waits); this syncs the WAL file on
 * libuv's thread pool instead, and tells callers when everything they committed is on disk.
 *
 * Group commit: one sync runs at a time, and when it comes back ONE sync covers every commit made
 * while it ran, whichever steps made them. With a WriteGroup those commits are also one SQLite
 * transaction (each store write a savepoint in it): a page several steps change is written to the
 * WAL once per sync, not once per step. NOTE: an earlier version started a second sync at once
 * for a commit made during a sync (two in flight): under a sustained write load that doubled the
 * syncs (each pays the disk's flush) and a third commit waited for both anyway; with one in flight
 * a commit waits for the rest of the running sync plus at most one sync of its own.
 */
import fs from "node:fs";

/** How a file is made durable: `fs.fdatasync`'s shape. A seam for tests that count or hold syncs. */
export type SyncFile = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void;

/**
 * The writes made while a sync runs, kept as one transaction: opened when a sync starts, committed
 * when it ends (before the next sync starts, which covers it). `close` throws if the group's writes
 * were lost (the transaction was rolled back under it): their waiters are then told so.
 */
export interface WriteGroup {
  open(): void;
  close(): void;
}

export class WalSync {
  private committed = 0;
  private synced = 0;
  /** The commit count the running sync covers, if one runs. */
  private running: number | undefined;
  private waiters: { target: number; resolve(): void; reject(error: Error): void }[] = [];

  constructor(
    private readonly fd: number,
    private readonly sync: SyncFile = fs.fdatasync,
    /** Told of every commit (the connector counts them in its metrics). */
    private readonly onCommit: () => void = () => undefined,
    private readonly group?: WriteGroup,
  ) {}

  /** Call after every commit. */
  noteCommit(): void {
    this.committed++;
    this.onCommit();
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
    if (this.running !== undefined || this.waiters.length === 0) return;
    const covering = this.committed;
    this.running = covering;
    this.group?.open();
    this.sync(this.fd, (error) => {
      this.running = undefined;
      let lost: unknown;
      try {
        this.group?.close();
      } catch (groupError) {
        lost = groupError;
      }
      if (error) {
        const failed = this.waiters.splice(0);
        for (const w of failed) w.reject(error);
        return;
      }
      this.synced = Math.max(this.synced, covering);
      const still: typeof this.waiters = [];
      for (const w of this.waiters) (w.target <= this.synced ? w.resolve() : still.push(w));
      this.waiters = still;
      if (lost !== undefined) {
        // NOTE: every commit made during this sync was in the lost group; none may be acknowledged.
        const failed = this.waiters.splice(0);
        this.synced = this.committed;
        for (const w of failed) w.reject(lost instanceof Error ? lost : new Error(String(lost)));
        return;
      }
      this.next();
    });
  }
}
