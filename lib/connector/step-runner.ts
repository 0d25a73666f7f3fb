/**
 * The connector's one serial order. Every presence change and every routing decision runs here,
 * one step at a time, so the event log never shows an offer to a worker after that worker's
 * NotReady or Logout (B4): whichever step comes first commits first, and the next step sees it.
 *
 * What a step announces (pushes) and the effects it defers (cancelling a timer) are held back
 * until its writes are on disk: state is written before it is announced; the disk sync comes at
 * the end of the event-loop turn and is shared by every step that wrote in that turn.
 */
import type { PushMessage } from "../protocol";
import type { Notifier, Topic } from "./ports";
import { SerialQueue } from "./serial-queue";

export interface StepRunnerOptions {
  /** Resolves once every write committed so far is on disk. */
  durable(): Promise<void>;
  notifier: Notifier;
  /** Told of a step that failed for a reason other than a refusal (a store write, a sync). */
  onFailure?(step: string, error: unknown): void;
  /** Whether an error is an expected refusal (bad input, wrong state), not a failure. */
  isRefusal?(error: unknown): boolean;
  /** Told where each step's time went (for /metrics). */
  observe?(phase: StepPhase, seconds: number): void;
}

/** Queued behind the steps before it, running its own work, kept: waiting for its disk sync. */
export type StepPhase = "queued" | "running" | "kept";

export class StepRunner {
  private readonly queue = new SerialQueue();
  private effects: Array<() => void> = [];
  private last: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: StepRunnerOptions) {}

  /** Publishes once the running step's writes are on disk. */
  announce(topic: Topic, message: PushMessage): void {
    this.effects.push(() => this.options.notifier.publish(topic, message));
  }

  /**
   * Runs `effect` once the running step's writes are on disk; never when the step or its sync
   * fails. For what must not happen before the change is kept (cancelling an offer's timer).
   */
  afterDurable(effect: () => void): void {
    this.effects.push(effect);
  }

  /** Runs `step` after the steps before it; resolves (or rejects) once its writes are on disk. */
  run<T>(name: string, step: () => Promise<T>): Promise<T> {
    const asked = performance.now();
    let finished = asked;
    const ran = this.queue.run(async () => {
      const started = performance.now();
      this.options.observe?.("queued", (started - asked) / 1000);
      try {
        return { ok: true as const, value: await step(), effects: this.effects.splice(0) };
      } catch (error) {
        // NOTE: what the step announced before it failed was kept before it was announced.
        return { ok: false as const, error, effects: this.effects.splice(0) };
      } finally {
        finished = performance.now();
        this.options.observe?.("running", (finished - started) / 1000);
      }
    });
    const done = ran.then(async (outcome) => {
      try {
        await this.options.durable();
      } catch (error) {
        this.fail(name, error);
        throw error;
      }
      this.options.observe?.("kept", (performance.now() - finished) / 1000);
      for (const effect of outcome.effects) effect();
      if (!outcome.ok) {
        if (!this.options.isRefusal?.(outcome.error)) this.fail(name, outcome.error);
        throw outcome.error;
      }
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

  private fail(name: string, error: unknown): void {
    this.options.onFailure?.(name, error);
  }
}
