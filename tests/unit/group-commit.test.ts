/**
 * Group commit across steps, on the real SQLite store: every step that finishes in one event-loop
 * turn is made durable by ONE sync at the end of that turn, and none of them is announced or
 * answered before it; their writes are one SQLite transaction (each page written to the WAL
 * once), a failed write undoing only itself.
 * The seam is the store's sync function (fs.fdatasyncSync's shape), which counts and orders syncs.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { topics } from "../../lib/connector/ports";
import { StepRunner } from "../../lib/connector/step-runner";
import { PROTOCOL_VERSION } from "../../lib/protocol";
import { openSqliteStore } from "../../lib/store/sqlite-store";
import type { SyncFile } from "../../lib/store/wal-sync";

const STEPS = 8;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("group commit across steps", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ucc-group-commit-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(`${STEPS} steps finishing in one turn cost one sync, and nothing is announced or answered before it`, async () => {
    const order: string[] = [];
    let syncs = 0;
    // NOTE: the real fdatasync runs; the seam only counts it and records when it ran.
    const syncFile: SyncFile = (fd) => {
      syncs++;
      order.push("sync");
      fs.fdatasyncSync(fd);
    };
    const store = openSqliteStore(path.join(dir, "ucc.db"), { syncFile });
    const steps = new StepRunner({ durable: () => store.durable(), notifier: { publish: (topic) => void order.push(`announced ${topic.kind === "worker" ? topic.worker : "?"}`) } });
    const step = (worker: string) =>
      steps.run("test", async () => {
        await store.appendEvent({ at: new Date().toISOString(), type: "Test", worker });
        order.push(`wrote ${worker}`);
        steps.announce(topics.presence(worker), { v: PROTOCOL_VERSION, type: "presence", presence: "busy", since: "2026-01-01T00:00:00.000Z" });
      }).then(() => void order.push(`answered ${worker}`));

    const workers = Array.from({ length: STEPS }, (_, i) => `w${i}`);
    await Promise.all(workers.map(step));
    expect(syncs).toBe(1);
    const synced = order.indexOf("sync");
    expect(order.slice(0, synced).sort()).toEqual(workers.map((w) => `wrote ${w}`).sort());
    expect(order.slice(synced + 1).filter((e) => e.startsWith("announced"))).toHaveLength(STEPS);

    // A step in a later turn gets a sync of its own.
    await nextTurn();
    await step("w-later");
    expect(syncs).toBe(2);
    await store.close();
  });

  /** Runs `count` steps that each append an event, in one turn or each in its own; the WAL's growth in bytes. */
  async function walGrowth(name: string, count: number, oneTurn: boolean, failing?: number) {
    const file = path.join(dir, `${name}.db`);
    const store = openSqliteStore(file);
    const steps = new StepRunner({ durable: () => store.durable(), notifier: { publish: () => undefined } });
    await steps.run("first", () => store.appendEvent({ at: "2026-01-01T00:00:00.000Z", type: "First", worker: "w0" }).then(() => undefined)).catch(() => undefined);
    const before = fs.statSync(`${file}-wal`).size;
    const run = (i: number) =>
      steps.run("test", async () => {
        if (i === failing) await store.updateInteraction({ interaction: { id: "nowhere" } as never, events: [] });
        await store.appendEvent({ at: "2026-01-01T00:00:00.000Z", type: "Test", worker: `w${i + 1}` });
      }).then(() => "kept", () => "failed");
    const results: string[] = [];
    if (oneTurn) results.push(...(await Promise.all(Array.from({ length: count }, (_, i) => run(i)))));
    else for (let i = 0; i < count; i++) results.push(await run(i));
    const growth = fs.statSync(`${file}-wal`).size - before;
    await store.close();
    return { growth, results, file };
  }

  it("the steps that finish in one turn are one transaction: the WAL gets their pages once", async () => {
    const apart = await walGrowth("apart", STEPS, false);
    const grouped = await walGrowth("grouped", STEPS, true);
    // Each commit apart writes the events table's page again; grouped, the page is written once.
    expect(grouped.growth).toBeLessThan(apart.growth / 2);
  });

  it("a write made while the store closes is kept, and no flush runs against the closed connection", async () => {
    const file = path.join(dir, "closing.db");
    const store = openSqliteStore(file);
    const closing = store.close();
    await nextTurn(); // close() now waits for the checkpoint thread to stop
    void store.appendEvent({ at: "2026-01-01T00:00:00.000Z", type: "Late", worker: "w1" });
    await closing;
    await nextTurn(); // the flush that write asked for runs after the connection closed
    const reopened = openSqliteStore(file);
    const types = (await reopened.listEvents(0, 100)).map((e) => e.type);
    await reopened.close();
    expect(types).toEqual(["Late"]);
  });

  it("a write that fails inside the group undoes only itself; the other steps are kept across a restart", async () => {
    const { results, file } = await walGrowth("failing", 4, true, 1);
    expect(results).toEqual(["kept", "failed", "kept", "kept"]);
    const reopened = openSqliteStore(file);
    const workers = (await reopened.listEvents(0, 100)).filter((e) => e.type === "Test").map((e) => e.worker);
    await reopened.close();
    expect(workers).toEqual(["w1", "w3", "w4"]);
  });
});
