/** WalSync (the WAL synced off the event loop) and StepRunner (announce only what is on disk). */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { StepRunner } from "../../lib/connector/step-runner";
import type { PushMessage } from "../../lib/protocol";
import { WalSync } from "../../lib/store/wal-sync";

const msg = (presence: "busy" | "away"): PushMessage => ({ v: 1, type: "presence", presence, since: "2026-01-01T00:00:00.000Z" });

describe("WalSync", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ucc-walsync-"));
  const fd = fs.openSync(path.join(dir, "wal"), "w+");
  afterEach(() => vi.restoreAllMocks());

  it("resolves at once when nothing was committed since the last sync", async () => {
    const spy = vi.spyOn(fs, "fdatasync");
    const sync = new WalSync(fd);
    await sync.durable();
    expect(spy).not.toHaveBeenCalled();
  });

  it("syncs after a commit, and one sync covers every commit made before it started", async () => {
    const spy = vi.spyOn(fs, "fdatasync");
    const sync = new WalSync(fd);
    sync.noteCommit();
    sync.noteCommit();
    await Promise.all([sync.durable(), sync.durable(), sync.durable()]);
    expect(spy).toHaveBeenCalledTimes(1);
    await sync.durable();
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it("a commit made while a sync runs waits for the next sync", async () => {
    const spy = vi.spyOn(fs, "fdatasync");
    const sync = new WalSync(fd);
    sync.noteCommit();
    const first = sync.durable();
    sync.noteCommit(); // after the first sync started
    const second = sync.durable();
    await first;
    expect(spy).toHaveBeenCalledTimes(2);
    await second;
  });

  it("a failed sync rejects its waiters", async () => {
    vi.spyOn(fs, "fdatasync").mockImplementation(((_fd: number, cb: (e: Error | null) => void) => cb(new Error("EIO"))) as never);
    const sync = new WalSync(fd);
    sync.noteCommit();
    await expect(sync.durable()).rejects.toThrow("EIO");
  });
});

describe("StepRunner", () => {
  function deferredDisk() {
    const syncs: (() => void)[] = [];
    return {
      durable: () => new Promise<void>((resolve) => syncs.push(resolve)),
      flush: () => syncs.splice(0).forEach((r) => r()),
    };
  }

  it("announces nothing before the step's writes are on disk, and answers only then", async () => {
    const disk = deferredDisk();
    const published: string[] = [];
    const steps = new StepRunner(disk.durable, { publish: (channel) => published.push(channel) });
    let answered = false;
    const run = steps
      .run(async () => {
        steps.announce("/kw/kw1/presence", msg("busy"));
        return 42;
      })
      .then((v) => {
        answered = true;
        return v;
      });
    await new Promise((r) => setTimeout(r, 10));
    expect(published).toEqual([]);
    expect(answered).toBe(false);
    disk.flush();
    expect(await run).toBe(42);
    expect(published).toEqual(["/kw/kw1/presence"]);
  });

  it("keeps the steps' order, runs them one at a time, and idle() waits for the announcements", async () => {
    const published: string[] = [];
    const steps = new StepRunner(async () => undefined, { publish: (channel) => published.push(channel) });
    let running = 0;
    let most = 0;
    const step = (name: string) =>
      steps.run(async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 5));
        steps.announce(name, msg("away"));
        running--;
      });
    void step("a");
    void step("b");
    void step("c");
    await steps.idle();
    expect(published).toEqual(["a", "b", "c"]);
    expect(most).toBe(1);
  });

  it("a step that fails still announces what it kept before failing, then rejects", async () => {
    const published: string[] = [];
    const steps = new StepRunner(async () => undefined, { publish: (channel) => published.push(channel) });
    await expect(
      steps.run(async () => {
        steps.announce("kept", msg("busy"));
        throw new Error("later part failed");
      }),
    ).rejects.toThrow("later part failed");
    expect(published).toEqual(["kept"]);
    // and the next step runs normally
    await steps.run(async () => steps.announce("next", msg("away")));
    expect(published).toEqual(["kept", "next"]);
  });
});
