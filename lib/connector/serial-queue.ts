/**
 * Runs async tasks one at a time, in order. Routing decisions read and change shared state
 * (who has capacity, which offer is open); running them serially keeps any interaction from
 * being offered to two workers at once.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    // NOTE: a failed task must not stop the ones queued after it.
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves when every task queued so far has finished. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
