/**
 * Group commit across steps, on the real SQLite store: every step that finishes while a sync runs
 * is made durable by ONE more sync, and none of them is announced or answered before it.
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
});
