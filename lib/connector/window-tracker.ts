/**
 * Which web client windows of each worker are open, from the Bayeux session lifecycle: a window
 * opens with its handshake and closes with its disconnect, its session's expiry, or (for a
 * WebSocket that drops without a goodbye) after a short grace in which it does not come back.
 */

/** A dropped WebSocket whose client does not send again within this time counts as closed. */
export const DETACH_GRACE_MS = 5_000;

interface WindowEntry {
  workerId: string;
  attached: boolean;
  detachTimer?: ReturnType<typeof setTimeout>;
}

export interface WindowTrackerOptions {
  detachGraceMs?: number;
  /** Called with the new count whenever a worker's number of open windows changes. */
  onChange?: (workerId: string, count: number) => void;
}

export class WindowTracker {
  private readonly entries = new Map<string, WindowEntry>();
  private readonly counts = new Map<string, number>();
  private sum = 0;
  private readonly graceMs: number;

  constructor(private readonly options: WindowTrackerOptions = {}) {
    this.graceMs = options.detachGraceMs ?? DETACH_GRACE_MS;
  }

  /** A client handshook as this worker: one more window. */
  open(clientId: string, workerId: string): void {
    if (this.entries.has(clientId)) return;
    this.entries.set(clientId, { workerId, attached: true });
    this.bump(workerId, +1);
  }

  /** The client sent a message: if its socket had dropped, it is back. */
  touch(clientId: string): void {
    const entry = this.entries.get(clientId);
    if (!entry) return;
    if (entry.detachTimer) {
      clearTimeout(entry.detachTimer);
      entry.detachTimer = undefined;
    }
    if (!entry.attached) {
      entry.attached = true;
      this.bump(entry.workerId, +1);
    }
  }

  /** The WebSocket carrying these clients closed; they count as closed unless they return soon. */
  socketClosed(clientIds: Iterable<string>): void {
    for (const clientId of clientIds) {
      const entry = this.entries.get(clientId);
      if (!entry || !entry.attached || entry.detachTimer) continue;
      entry.detachTimer = setTimeout(() => {
        entry.detachTimer = undefined;
        if (!entry.attached || this.entries.get(clientId) !== entry) return;
        entry.attached = false;
        this.bump(entry.workerId, -1);
      }, this.graceMs);
      entry.detachTimer.unref?.();
    }
  }

  /** The client said goodbye, its window unloaded, or its Bayeux session expired. */
  close(clientId: string): void {
    const entry = this.entries.get(clientId);
    if (!entry) return;
    if (entry.detachTimer) clearTimeout(entry.detachTimer);
    this.entries.delete(clientId);
    if (entry.attached) this.bump(entry.workerId, -1);
  }

  workerOf(clientId: string): string | undefined {
    return this.entries.get(clientId)?.workerId;
  }

  count(workerId: string): number {
    return this.counts.get(workerId) ?? 0;
  }

  /** Open windows of all workers together (kept as they change: this is asked on every change). */
  total(): number {
    return this.sum;
  }

  dispose(): void {
    for (const entry of this.entries.values()) if (entry.detachTimer) clearTimeout(entry.detachTimer);
    this.entries.clear();
    this.counts.clear();
    this.sum = 0;
  }

  private bump(workerId: string, delta: number): void {
    const current = this.counts.get(workerId) ?? 0;
    const next = current + delta;
    this.sum += Math.max(0, next) - current;
    if (next <= 0) this.counts.delete(workerId);
    else this.counts.set(workerId, next);
    this.options.onChange?.(workerId, Math.max(0, next));
  }
}
