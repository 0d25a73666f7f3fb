/**
 * Group commit across steps, on the real SQLite store: every step that finishes while a sync runs
 * is made durable by ONE more sync, and none of them is announced or answered before it; their
 * writes are one SQLite transaction (each page written to the WAL once), a failed write undoing
 * only itself.
 * The seam is the store's sync function (fs.fdatasync's shape), held open to count and order syncs.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { topics } from "../../lib/connector/ports";
import { StepRunner } from "../../lib/connector/step-runner";
import { PROTOCOL_VERSION } from "../../lib/protocol";
import { openSqliteStore } from "../../lib/store/sqlite-store";
import type { SyncFile } from "../../lib/store/wal-sync";

const STEPS = 8;

describe("group commit across steps", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ucc-group-commit-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(`${STEPS} steps finishing during one sync cost one more sync, and nothing is announced before it`, async () => {
    const held: Array<() => void> = [];
    let syncs = 0;
    // NOTE: the real fdatasync runs; only its completion is held until the test lets it through.
    const syncFile: SyncFile = (fd, done) => {
      syncs++;
      fs.fdatasync(fd, (error) => held.push(() => done(error)));
    };
    const store = openSqliteStore(path.join(dir, "ucc.db"), { syncFile });
    const published: string[] = [];
    const steps = new StepRunner({ durable: () => store.durable(), notifier: { publish: (topic) => published.push(topic.kind === "worker" ? topic.worker : "?") } });
    let ran = 0;
    const step = (worker: string) =>
      steps.run("test", async () => {
        await store.appendEvent({ at: new Date().toISOString(), type: "Test", worker });
        ran++;
        steps.announce(topics.presence(worker), { v: PROTOCOL_VERSION, type: "presence", presence: "busy", since: "2026-01-01T00:00:00.000Z" });
      });

    const first = step("w0");
    await vi.waitFor(() => expect(held).toHaveLength(1)); // the first step's sync runs (held)
    const answered: string[] = [];
    const rest = Array.from({ length: STEPS }, (_, i) => step(`w${i + 1}`).then(() => answered.push(`w${i + 1}`)));
    await vi.waitFor(() => expect(ran).toBe(STEPS + 1)); // every step has written and waits for the disk
    expect(syncs).toBe(1);
    expect(published).toEqual([]);

    held.shift()!(); // the first sync comes back
    await first;
    expect(published).toEqual(["w0"]);
    await vi.waitFor(() => expect(held).toHaveLength(1)); // ONE sync for the steps that finished meanwhile
    expect(syncs).toBe(2);
    expect(answered).toEqual([]);
    expect(published).toEqual(["w0"]);

    held.shift()!();
    await Promise.all(rest);
    expect(syncs).toBe(2);
    expect(published).toEqual(["w0", ...Array.from({ length: STEPS }, (_, i) => `w${i + 1}`)]);
    await store.close();
  });

  /** Runs `count` steps that each append an event while the first sync is held; the WAL's growth in bytes. */
  async function walGrowth(name: string, count: number, hold: boolean, failing?: number) {
    const held: Array<() => void> = [];
    let holding = false;
    // NOTE: not held, the sync is over before the next write (nothing can be grouped): the baseline.
    const syncFile: SyncFile = (fd, done) => {
      if (!holding) return void (fs.fdatasyncSync(fd), done(null));
      fs.fdatasync(fd, (error) => held.push(() => done(error)));
    };
    const file = path.join(dir, `${name}.db`);
    const store = openSqliteStore(file, { syncFile });
    const steps = new StepRunner({ durable: () => store.durable(), notifier: { publish: () => undefined } });
    await steps.run("first", () => store.appendEvent({ at: "2026-01-01T00:00:00.000Z", type: "First", worker: "w0" }).then(() => undefined)).catch(() => undefined);
    const before = fs.statSync(`${file}-wal`).size;
    holding = hold;
    const first = steps.run("hold", () => store.appendEvent({ at: "2026-01-01T00:00:00.000Z", type: "Hold", worker: "w0" }));
    if (hold) await vi.waitFor(() => expect(held).toHaveLength(1));
    let ran = 0;
    const outcomes = Array.from({ length: count }, (_, i) =>
      steps.run("test", async () => {
        ran++;
        if (i === failing) await store.updateInteraction({ interaction: { id: "nowhere" } as never, events: [] });
        await store.appendEvent({ at: "2026-01-01T00:00:00.000Z", type: "Test", worker: `w${i + 1}` });
      }).then(() => "kept", () => "failed"),
    );
    await vi.waitFor(() => expect(ran).toBe(count));
    if (hold) {
      held.shift()!();
      await vi.waitFor(() => expect(held).toHaveLength(1));
      held.shift()!();
    }
    await first;
    const results = await Promise.all(outcomes);
    const growth = fs.statSync(`${file}-wal`).size - before;
    await store.close();
    return { growth, results, file };
  }

  it("the steps that finish during one sync are one transaction: the WAL gets their pages once", async () => {
    const apart = await walGrowth("apart", STEPS, false);
    const grouped = await walGrowth("grouped", STEPS, true);
    // Each commit apart writes the events table's page again; grouped, the page is written once.
    expect(grouped.growth).toBeLessThan(apart.growth / 2);
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
