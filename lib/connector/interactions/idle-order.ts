/**
 * The Ready workers in the order routing prefers them: longest idle first, then by id (as
 * lib/domain/routing.ts breaks ties), kept sorted as they change. An offer then looks at the first
 * workers in line instead of at every worker: with 10,000 workers a full scan cost about 0.3 ms
 * per offer. Idle times move forward to "now", so a change is nearly always an append at the end.
 */
import { comesBefore, type WorkerLoad } from "../../domain/routing";

export class IdleOrder implements Iterable<WorkerLoad> {
  private readonly line: WorkerLoad[] = [];

  /** Where `load` stands, or would stand, in line (binary search on its idle time and id now). */
  private position(load: WorkerLoad): number {
    let low = 0;
    let high = this.line.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (comesBefore(this.line[middle], load)) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  add(load: WorkerLoad): void {
    this.line.splice(this.position(load), 0, load);
  }

  /** Takes `load` out of line; call it before its idle time changes, and add it back after. */
  remove(load: WorkerLoad): void {
    const at = this.position(load);
    if (this.line[at] === load) this.line.splice(at, 1);
  }

  clear(): void {
    this.line.length = 0;
  }

  [Symbol.iterator](): Iterator<WorkerLoad> {
    return this.line[Symbol.iterator]();
  }
}
