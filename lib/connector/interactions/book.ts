/**
 * The interactions not yet done or abandoned, kept in memory in the order they were created (the
 * queue's order) and rebuilt from the store at start; and the configured workers' names. Every
 * change goes to the store first and is remembered here only once it is committed.
 */
import { isFinal, type Interaction } from "../../domain/interaction";
import { notFound } from "../../errors";
import type { InteractionChange, Store } from "../../store/store";

export class InteractionBook {
  private readonly open = new Map<string, Interaction>();
  private readonly names = new Map<string, string>();

  constructor(private readonly store: Store) {}

  restore(workers: readonly { id: string; name: string }[], interactions: readonly Interaction[]): void {
    this.names.clear();
    for (const w of workers) this.names.set(w.id, w.name);
    this.open.clear();
    for (const i of interactions) this.open.set(i.id, i);
  }

  /** Writes one lifecycle step, then remembers its result. */
  async persist(change: InteractionChange): Promise<void> {
    await this.store.updateInteraction(change);
    this.remember(change.interaction);
  }

  remember(i: Interaction): void {
    if (isFinal(i.state)) this.open.delete(i.id);
    else this.open.set(i.id, i);
  }

  /** An open interaction from memory, or a finished one from the store; not_found otherwise. */
  async load(id: string): Promise<Interaction> {
    const i = this.open.get(id) ?? (await this.store.getInteraction(id));
    if (!i) throw notFound(`interaction "${id}"`);
    return i;
  }

  /** An open interaction, or undefined once it is done or abandoned. */
  openOne(id: string): Interaction | undefined {
    return this.open.get(id);
  }

  /** Open interactions, oldest first (a copy: callers may change the book while they walk it). */
  list(): Interaction[] {
    return [...this.open.values()];
  }

  /** Whether anything waits in the queue. */
  hasQueued(): boolean {
    for (const i of this.open.values()) if (i.state === "queued") return true;
    return false;
  }

  isWorker(workerId: string): boolean {
    return this.names.has(workerId);
  }

  workerName(workerId: string): string | undefined {
    return this.names.get(workerId);
  }
}
