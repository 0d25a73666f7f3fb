/**
 * Which node owns the work: the one holding the lease (a PostgreSQL advisory lock held on its own
 * connection, lib/store/pg/ownership.ts). Every other node asks for it every `pollMs`; when the
 * owner dies its connection drops, the lock with it, and the next node to ask takes over within
 * `pollMs` plus its rebuild from the store. Each new owner gets a higher epoch: the store refuses
 * the writes of an owner whose epoch has passed (fencing).
 */
import type { Logger } from "../observability/logger";

export interface Lease {
  /** Takes the lease if nobody holds it; resolves with the new epoch, or undefined. */
  tryAcquire(): Promise<number | undefined>;
  /** Called once if the lease is lost while held (its connection ended). */
  onLost(listener: (error?: Error) => void): void;
  release(): Promise<void>;
}

export interface ElectionOptions {
  /** A fresh lease per attempt to hold it (one connection each). */
  lease(): Lease;
  /** This node now owns the work, with this epoch; resolves once it serves it. */
  becomeOwner(epoch: number): Promise<void>;
  /** This node lost the lease (or gave it up): stop owning. */
  stopOwning(reason: string): Promise<void>;
  logger: Logger;
  /** Between two attempts; default 2 s, so a takeover is well within 10 s. */
  pollMs?: number;
}

export interface Election {
  isOwner(): boolean;
  /** Lets go of the lease (drain, shutdown): another node takes over at once. Stops asking. */
  resign(): Promise<void>;
}

export function startElection(options: ElectionOptions): Election {
  const pollMs = options.pollMs ?? 2_000;
  let held: Lease | undefined;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempt: Promise<void> = Promise.resolve();

  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      attempt = tryOnce();
    }, delay);
    timer.unref?.();
  };

  async function tryOnce(): Promise<void> {
    if (stopped || held) return;
    const lease = options.lease();
    let epoch: number | undefined;
    try {
      epoch = await lease.tryAcquire();
    } catch (error) {
      options.logger.warn({ err: error }, "could not ask for the ownership lease; asking again");
    }
    if (epoch === undefined || stopped) {
      await lease.release().catch(() => undefined);
      return schedule(pollMs);
    }
    held = lease;
    lease.onLost((error) => {
      if (held !== lease) return;
      held = undefined;
      options.logger.error({ err: error }, "lost the ownership lease: this node stops owning the work");
      void options.stopOwning("lease lost").finally(() => schedule(pollMs));
    });
    options.logger.info({ epoch }, "this node owns the work now");
    try {
      await options.becomeOwner(epoch);
    } catch (error) {
      options.logger.error({ err: error }, "could not take over the work; letting go of the lease");
      held = undefined;
      await lease.release().catch(() => undefined);
      await options.stopOwning("take-over failed").catch(() => undefined);
      schedule(pollMs);
    }
  }

  attempt = tryOnce();
  return {
    isOwner: () => held !== undefined,
    async resign() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await attempt;
      const lease = held;
      held = undefined;
      if (lease) {
        await options.stopOwning("resigned");
        await lease.release().catch(() => undefined);
      }
    },
  };
}
