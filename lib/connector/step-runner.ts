/**
 * Runs a service's steps one at a time (a SerialQueue) and holds back what a step announces until
 * its writes are on disk: state is written before it is announced, while the disk sync itself
 * happens off the event loop and is shared by the steps that finished meanwhile.
 */
import type { PushMessage } from "../protocol";
import type { Notifier } from "./ports";
import { SerialQueue } from "./serial-queue";

export class StepRunner {
  private readonly queue = new SerialQueue();
  private pending: [string, PushMessage][] = [];
  private last: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly durable: () => Promise<void>,
    private readonly notifier: Notifier,
  ) {}

  /** Publishes once the running step's writes are on disk. */
  announce(channel: string, message: PushMessage): void {
    this.pending.push([channel, message]);
  }

  /** Runs `step` after the steps before it; resolves (or rejects) once its writes are on disk. */
  run<T>(step: () => Promise<T>): Promise<T> {
    const ran = this.queue.run(async () => {
      try {
        return { ok: true as const, value: await step(), batch: this.pending.splice(0) };
      } catch (error) {
        // What the step announced before it failed was kept before it was announced.
        return { ok: false as const, error, batch: this.pending.splice(0) };
      }
    });
    const done = ran.then(async (outcome) => {
      await this.durable();
      for (const [channel, message] of outcome.batch) this.notifier.publish(channel, message);
      if (!outcome.ok) throw outcome.error;
      return outcome.value;
    });
    this.last = done.catch(() => undefined);
    return done;
  }

  /** Resolves when every step asked for so far has run, been kept on disk and announced. */
  async idle(): Promise<void> {
    let seen: Promise<unknown>;
    do {
      seen = this.last;
      await seen;
      // NOTE: a step may have asked for another (a routing pass) while this one finished.
    } while (seen !== this.last);
  }
}
