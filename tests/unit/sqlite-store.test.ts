/** The embedded SQLite store, on a real file in a temp dir. */
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SQLITE_MIGRATIONS } from "../../lib/store/sqlite-migrations";
import { openSqliteStore } from "../../lib/store/sqlite-store";
import type { Store } from "../../lib/store/store";

let dir: string;
let file: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "ucc-store-"));
  file = path.join(dir, "connector.sqlite");
  store = openSqliteStore(file);
});
afterEach(async () => {
  await store.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

const event = (worker: string, type = "RequestAgentNotReady", reasons?: Record<string, string>) => ({
  at: "2024-01-01T00:00:00.000Z",
  type,
  worker,
  ...(reasons ? { reasons } : {}),
});

describe("SQLite store", () => {
  it("runs the migrations once and records them in user_version", async () => {
    await store.close();
    store = openSqliteStore(file); // a second open must not re-run them
    const db = new Database(file, { readonly: true });
    expect(db.pragma("user_version", { simple: true })).toBe(SQLITE_MIGRATIONS.length);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
  });

  it("adds configured workers as offline and renames known ones without touching their presence", async () => {
    await store.syncWorkers([{ id: "kw1", name: "Alex" }, { id: "kw2", name: "Sam" }], "2024-01-01T00:00:00.000Z");
    expect(await store.getWorker("kw1")).toMatchObject({ id: "kw1", name: "Alex", presence: "offline", presenceSince: "2024-01-01T00:00:00.000Z" });
    await store.setPresence("kw1", "busy", event("kw1"));
    await store.syncWorkers([{ id: "kw1", name: "Alex Morgan" }], "2024-02-01T00:00:00.000Z");
    expect(await store.getWorker("kw1")).toMatchObject({ name: "Alex Morgan", presence: "busy" });
    expect(await store.getWorker("nobody")).toBeUndefined();
  });

  it("forgets workers dropped from the configuration, and their sessions, until they come back", async () => {
    await store.syncWorkers([{ id: "kw1", name: "Alex" }, { id: "kw2", name: "Sam" }], "2024-01-01T00:00:00.000Z");
    await store.setPresence("kw2", "busy", event("kw2"));
    await store.createSession("h2", { worker: "kw2", createdAt: "2024-01-01T00:00:00.000Z", expiresAt: "2999-01-01T00:00:00.000Z" });
    await store.syncWorkers([{ id: "kw1", name: "Alex" }], "2024-02-01T00:00:00.000Z");
    expect((await store.listWorkers()).map((w) => w.id)).toEqual(["kw1"]);
    expect(await store.getWorker("kw2")).toBeUndefined();
    expect(await store.setPresence("kw2", "away", event("kw2"))).toBeUndefined();
    expect(await store.getSession("h2", "2024-02-01T00:00:00.000Z")).toBeUndefined();
    await store.syncWorkers([{ id: "kw1", name: "Alex" }, { id: "kw2", name: "Sam" }], "2024-03-01T00:00:00.000Z");
    expect(await store.getWorker("kw2")).toMatchObject({ presence: "busy" });
  });

  it("sets presence and appends its event in one step; an unknown worker changes nothing", async () => {
    await store.syncWorkers([{ id: "kw1", name: "Alex" }], "2024-01-01T00:00:00.000Z");
    const result = await store.setPresence("kw1", "busy", { ...event("kw1", "RequestAgentNotReady", { KW_UC_STATUS: "busy" }), at: "2024-03-01T00:00:00.000Z" });
    expect(result?.worker).toMatchObject({ id: "kw1", name: "Alex", presence: "busy", presenceSince: "2024-03-01T00:00:00.000Z" });
    expect(result?.event).toMatchObject({ seq: 1, type: "RequestAgentNotReady", worker: "kw1", reasons: { KW_UC_STATUS: "busy" } });
    expect(await store.setPresence("ghost", "busy", event("ghost"))).toBeUndefined();
    expect(await store.listEvents(0, 100)).toHaveLength(1);
  });

  it("lists events after a seq, oldest first, at most limit; optional fields only when set", async () => {
    await store.appendEvent(event("kw1", "A"));
    await store.appendEvent({ ...event("kw1", "B", { KW_UC_STATUS: "busy" }), interaction: "i-1" });
    await store.appendEvent(event("kw2", "C"));
    const all = await store.listEvents(0, 100);
    expect(all.map((e) => [e.seq, e.type])).toEqual([[1, "A"], [2, "B"], [3, "C"]]);
    expect(all[0]).toEqual({ seq: 1, at: "2024-01-01T00:00:00.000Z", type: "A", worker: "kw1" });
    expect(all[1]).toEqual({ seq: 2, at: "2024-01-01T00:00:00.000Z", type: "B", worker: "kw1", interaction: "i-1", reasons: { KW_UC_STATUS: "busy" } });
    expect((await store.listEvents(1, 1)).map((e) => e.type)).toEqual(["B"]);
    expect(await store.listEvents(3, 100)).toEqual([]);
  });

  it("keeps sessions until they expire and purges expired ones when creating", async () => {
    await store.createSession("h1", { worker: "kw1", createdAt: "2024-01-01T00:00:00.000Z", expiresAt: "2024-01-08T00:00:00.000Z" });
    expect(await store.getSession("h1", "2024-01-07T23:59:59.999Z")).toEqual({ worker: "kw1", createdAt: "2024-01-01T00:00:00.000Z", expiresAt: "2024-01-08T00:00:00.000Z" });
    expect(await store.getSession("h1", "2024-01-08T00:00:00.000Z")).toBeUndefined();
    await store.createSession("h2", { worker: "kw2", createdAt: "2024-01-09T00:00:00.000Z", expiresAt: "2024-01-16T00:00:00.000Z" });
    const db = new Database(file, { readonly: true });
    expect(db.prepare("SELECT token_hash FROM sessions").all()).toEqual([{ token_hash: "h2" }]);
    db.close();
    await store.deleteSession("h2");
    expect(await store.getSession("h2", "2024-01-10T00:00:00.000Z")).toBeUndefined();
  });

  it("keeps everything across close and reopen", async () => {
    await store.syncWorkers([{ id: "kw1", name: "Alex" }], "2024-01-01T00:00:00.000Z");
    await store.setPresence("kw1", "dnd", event("kw1"));
    await store.createSession("h", { worker: "kw1", createdAt: "2024-01-01T00:00:00.000Z", expiresAt: "2999-01-01T00:00:00.000Z" });
    await store.close();
    store = openSqliteStore(file);
    expect((await store.getWorker("kw1"))?.presence).toBe("dnd");
    expect(await store.listEvents(0, 10)).toHaveLength(1);
    expect(await store.getSession("h", "2024-06-01T00:00:00.000Z")).toMatchObject({ worker: "kw1" });
  });
});
