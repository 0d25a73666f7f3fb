/**
 * Recent interactions (issue 20) in the store contract: a worker's done interactions from `since`
 * on, newest first, at most `limit`; not another worker's, not open or abandoned ones.
 */
import { describe, expect, it } from "vitest";
import type { Interaction } from "../../lib/domain/interaction";
import type { StoreUnderTest } from "./store-contract";

const at = (hour: number) => `2026-03-01T${String(hour).padStart(2, "0")}:00:00.000Z`;

export function describeRecentContract(name: string, subject: StoreUnderTest): void {
  /** Kept as created, then moved to its final state at `doneAt` (as the connector's steps do). */
  async function keep(id: string, worker: string | undefined, state: Interaction["state"], doneAt: string) {
    const base: Interaction = { id, media: "chat", from: `From ${id}`, subject: "", data: {}, state: "queued", refusedBy: [], createdAt: at(0), updatedAt: at(0) };
    await subject.store.createInteraction({ interaction: base, events: [] });
    await subject.store.updateInteraction({ interaction: { ...base, state, ...(worker ? { worker } : {}), updatedAt: doneAt }, events: [] });
  }

  describe(`${name}: recent interactions`, () => {
    it("lists the worker's done interactions at or after since, newest first, at most limit", async () => {
      const { store } = subject;
      await keep("old", "kw1", "done", at(7));
      await keep("edge", "kw1", "done", at(8));
      await keep("late", "kw1", "done", at(12));
      await keep("mid", "kw1", "done", at(10));
      await keep("other", "kw2", "done", at(11));
      await keep("open", "kw1", "active", at(11));
      await keep("wrap", "kw1", "wrap-up", at(11));
      await keep("gone", "kw1", "abandoned", at(11));
      const ids = async (limit = 50) => (await store.listRecentInteractions("kw1", at(8), limit)).map((i) => i.id);
      expect(await ids()).toEqual(["late", "mid", "edge"]);
      expect(await ids(2)).toEqual(["late", "mid"]);
      expect((await store.listRecentInteractions("kw2", at(0), 50)).map((i) => i.id)).toEqual(["other"]);
      expect(await store.listRecentInteractions("kw3", at(0), 50)).toEqual([]);
      const [late] = await store.listRecentInteractions("kw1", at(12), 1);
      expect(late).toMatchObject({ id: "late", state: "done", worker: "kw1", from: "From late", updatedAt: at(12) });
    });
  });
}
