/**
 * Durability at the end of each event-loop turn, the way Redis makes its append-only file durable
 * with `appendfsync always`. The connection runs with synchronous=NORMAL, so a commit only writes
 * the WAL; this syncs the WAL file once per turn in which something was written, and tells the
 * callers that waited when everything they wrote is on disk.
 *
 * Group commit: every write of one turn, whichever steps made it, is one SQLite transaction (each
 * store write a savepoint in it) and one fdatasync, made from `setImmediate` after the turn's I/O
 * callbacks ran: a page several steps change reaches the WAL once, and the steps' replies and
 * pushes leave in the same turn, with no wait for a thread-pool callback on a busy loop.
 * NOTE: the sync blocks the event loop while the disk flushes (0.2-0.3 ms here, p99 about 1 ms):
 * an earlier version synced on libuv's thread pool, one sync at a time; under load a step then
 * waited for the running sync, its own, and each completion's turn on the loop (a paced p99 of
 * 35 ms for a sync of 1 ms). A slow disk now slows every request, as it slowed every
 * acknowledgement before.
 */
import fs from "node:fs";

/**
 * NOTE: the end of the turn is not a timer: taken once, so that a test's fake clock (which fakes
 * `setImmediate` too) cannot hold every write back from the disk, as it never held the old
 * thread-pool sync.
 */
const endOfTurn = setImmediate;

/** How a file is made durable: `fs.fdatasyncSync`'s shape (throws on failure). A seam for tests that count syncs. */
export type SyncFile = (fd: number) => void;

/**
 * The writes of one turn, kept as one transaction: `close` commits it (and throws if its writes
 * were lost: the transaction was rolled back under it; their waiters are then told so), `open`
 * begins the next one.
 */
export interface WriteGroup {
  open(): void;
  close(): void;
}

export class WalSync {
  private committed = 0;
  private synced = 0;
  /** A flush is scheduled for the end of this turn. */
  private due = false;
  private closed = false;
  private waiters: { resolve(): void; reject(error: Error): void }[] = [];

  constructor(
    private readonly fd: number,
    private readonly sync: SyncFile = fs.fdatasyncSync,
    /** Told of every commit (the connector counts them in its metrics). */
    private readonly onCommit: () => void = () => undefined,
    private readonly group?: WriteGroup,
  ) {
    group?.open();
  }

  /** Call after every write: it is committed and synced at the end of this turn. */
  noteCommit(): void {
    this.committed++;
    this.onCommit();
    this.flushSoon();
  }

  /**
   * Resolves once every write noted so far is on disk. NOTE: a write not yet synced has its flush
   * already due (noteCommit asked for it, and a flush covers every write noted before it).
   */
  durable(): Promise<void> {
    if (this.synced >= this.committed) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** No flush after this (the store is closing): a later waiter is told the store is closed. */
  close(): void {
    this.closed = true;
  }

  private flushSoon(): void {
    if (this.due) return;
    this.due = true;
    endOfTurn(() => this.flush());
  }

  /** Commits the turn's group, syncs the WAL once, opens the next group, then answers the waiters. */
  private flush(): void {
    this.due = false;
    const covering = this.committed;
    let failure: Error | undefined;
    if (this.closed) {
      failure = new Error("the store is closed");
    } else {
      try {
        this.group?.close();
        this.sync(this.fd);
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
      }
      try {
        this.group?.open();
      } catch {
        // NOTE: the next turn's writes then commit one by one and are synced all the same; this
        // turn's writes are on disk, so their waiters are not told otherwise.
      }
    }
    // NOTE: a failed group or sync fails every write it covered; none may be acknowledged, and
    // later waiters do not wait for them.
    this.synced = covering;
    const waiters = this.waiters.splice(0);
    for (const w of waiters) (failure ? w.reject(failure) : w.resolve());
  }
}
