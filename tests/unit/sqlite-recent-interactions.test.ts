/**
 * Recent interactions (issue 20) in the SQLite store: a worker's done interactions from `since`
 * on, newest first, at most `limit`; not another worker's, not open or abandoned ones.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Interaction } from "../../lib/domain/interaction";
import { openSqliteStore } from "../../lib/store/sqlite-store";
import type { Store } from "../../lib/store/store";

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "ucc-recent-"));
  store = openSqliteStore(path.join(dir, "connector.sqlite"));
});
afterEach(async () => {
  await store.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

const at = (hour: number) => `2026-03-01T${String(hour).padStart(2, "0")}:00:00.000Z`;

/** Kept as created, then moved to its final state at `doneAt` (as the connector's steps do). */
async function keep(id: string, worker: string | undefined, state: Interaction["state"], doneAt: string) {
  const base: Interaction = { id, media: "chat", from: `From ${id}`, subject: "", data: {}, state: "queued", refusedBy: [], createdAt: at(0), updatedAt: at(0) };
  await store.createInteraction({ interaction: base, events: [] });
  await store.updateInteraction({ interaction: { ...base, state, ...(worker ? { worker } : {}), updatedAt: doneAt }, events: [] });
}

it("lists the worker's done interactions at or after since, newest first, at most limit", async () => {
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
