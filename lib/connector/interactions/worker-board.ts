/**
 * What routing needs to know of every worker, kept in memory and rebuilt from the store at
 * start: Ready or not, idle since when, and how many chats and calls it holds now.
 */
import type { Interaction, Media } from "../../domain/interaction";
import { hasCapacity, type RoutingPolicy, type WorkerLoad } from "../../domain/routing";
import { IdleOrder } from "./idle-order";

const HOLDS_WORKER = new Set(["offered", "active", "wrap-up"]);

export class WorkerBoard {
  private readonly loads = new Map<string, WorkerLoad>();
  private readonly order = new IdleOrder();

  constructor(private readonly policy: RoutingPolicy) {}

  reset(workers: readonly { id: string; ready: boolean; idleSince: string }[], open: readonly Interaction[]): void {
    this.loads.clear();
    this.order.clear();
    for (const w of workers) {
      const load: WorkerLoad = { id: w.id, ready: w.ready, idleSince: w.idleSince, chats: 0, calls: 0 };
      this.loads.set(w.id, load);
      if (load.ready) this.order.add(load);
    }
    for (const i of open) {
      if (i.worker && HOLDS_WORKER.has(i.state)) this.take(i.worker, i.media);
      // A worker invited to take it over, or on its call, holds room for it too.
      if (i.invite && i.state === "active" && !i.parties?.some((p) => p.worker === i.invite!.offer.worker)) this.take(i.invite.offer.worker, i.media);
      for (const p of i.state === "active" ? (i.parties ?? []) : []) this.take(p.worker, i.media);
    }
  }

  setReady(workerId: string, ready: boolean, idleSince?: string): void {
    const load = this.loads.get(workerId);
    if (!load) return;
    if (load.ready) this.order.remove(load);
    load.ready = ready;
    if (idleSince) load.idleSince = idleSince;
    if (load.ready) this.order.add(load);
  }

  setIdleSince(workerId: string, since: string): void {
    const load = this.loads.get(workerId);
    if (!load) return;
    if (load.ready) this.order.remove(load);
    load.idleSince = since;
    if (load.ready) this.order.add(load);
  }

  take(workerId: string, media: Media): void {
    const load = this.loads.get(workerId);
    if (!load) return;
    if (media === "voice") load.calls++;
    else load.chats++;
  }

  release(workerId: string, media: Media): void {
    const load = this.loads.get(workerId);
    if (!load) return;
    if (media === "voice") load.calls = Math.max(0, load.calls - 1);
    else load.chats = Math.max(0, load.chats - 1);
  }

  /** Ready workers with room for at least one chat or call: the only ones routing looks at. */
  candidates(): WorkerLoad[] {
    const out: WorkerLoad[] = [];
    for (const load of this.loads.values()) {
      if (load.ready && (hasCapacity(load, "chat", this.policy) || hasCapacity(load, "voice", this.policy))) out.push(load);
    }
    return out;
  }

  /** Whether anyone could be offered something now (the first in line usually can). */
  hasCandidate(): boolean {
    for (const load of this.order) if (hasCapacity(load, "chat", this.policy) || hasCapacity(load, "voice", this.policy)) return true;
    return false;
  }

  /** The Ready workers, longest idle first: the order in which routing looks at them. */
  inIdleOrder(): Iterable<WorkerLoad> {
    return this.order;
  }

  get(workerId: string): WorkerLoad | undefined {
    return this.loads.get(workerId);
  }
}
