/** WalSync (the WAL synced off the event loop) and StepRunner (announce only what is on disk). */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { topics } from "../../lib/connector/ports";
import { StepRunner } from "../../lib/connector/step-runner";
import { AppError } from "../../lib/errors";
import { PROTOCOL_VERSION, type PushMessage } from "../../lib/protocol";
import { WalSync } from "../../lib/store/wal-sync";

const msg = (presence: "busy" | "away"): PushMessage => ({ v: PROTOCOL_VERSION, type: "presence", presence, since: "2026-01-01T00:00:00.000Z" });

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

  it("a commit made while a sync runs waits for it, then one sync covers every commit made meanwhile", async () => {
    const pending: Array<(e: Error | null) => void> = [];
    const sync = new WalSync(fd, (_fd, done) => void pending.push(done));
    sync.noteCommit();
    const first = sync.durable();
    sync.noteCommit(); // after the first sync started: not covered by it
    const second = sync.durable();
    sync.noteCommit();
    const third = sync.durable();
    expect(pending).toHaveLength(1); // one sync at a time
    let secondDone = false;
    void second.then(() => (secondDone = true));
    pending[0](null);
    await first;
    await Promise.resolve();
    expect(secondDone).toBe(false); // the first sync did not cover the second commit
    expect(pending).toHaveLength(2); // one sync for both commits made while the first ran
    pending[1](null);
    await Promise.all([second, third]);
    expect(pending).toHaveLength(2);
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
    const syncs: { resolve(): void; reject(e: Error): void }[] = [];
    return {
      durable: () => new Promise<void>((resolve, reject) => syncs.push({ resolve, reject })),
      flush: () => syncs.splice(0).forEach((s) => s.resolve()),
      fail: (error: Error) => syncs.splice(0).forEach((s) => s.reject(error)),
      /** How many syncs are waited for now. */
      pending: () => syncs.length,
    };
  }
  /** A runner whose pushes are recorded by the worker a topic names ("kw1/presence"). */
  function runner(durable: () => Promise<void>, failures: string[] = []) {
    const published: string[] = [];
    const steps = new StepRunner({
      durable,
      notifier: { publish: (topic) => published.push(topic.kind === "worker" ? `${topic.worker}/${topic.stream}` : `chat/${topic.interaction}`) },
      isRefusal: (error) => error instanceof AppError,
      onFailure: (step) => failures.push(step),
    });
    return { steps, published };
  }

  it("announces nothing before the step's writes are on disk, and answers only then", async () => {
    const disk = deferredDisk();
    const { steps, published } = runner(disk.durable);
    let answered = false;
    let cancelled = false;
    const run = steps
      .run("test", async () => {
        steps.announce(topics.presence("kw1"), msg("busy"));
        steps.afterDurable(() => (cancelled = true));
        return 42;
      })
      .then((v) => {
        answered = true;
        return v;
      });
    // The step ran and waits for its sync: nothing has left yet.
    await vi.waitFor(() => expect(disk.pending()).toBe(1));
    expect(published).toEqual([]);
    expect(cancelled).toBe(false);
    expect(answered).toBe(false);
    disk.flush();
    expect(await run).toBe(42);
    expect(published).toEqual(["kw1/presence"]);
    expect(cancelled).toBe(true);
  });

  it("a failed disk sync runs none of the step's effects, rejects, and is counted as a failure", async () => {
    const disk = deferredDisk();
    const failures: string[] = [];
    const { steps, published } = runner(disk.durable, failures);
    let cancelled = false;
    const run = steps.run("offer-accept", async () => {
      steps.announce(topics.offers("kw1"), msg("busy"));
      steps.afterDurable(() => (cancelled = true));
    });
    await vi.waitFor(() => expect(disk.pending()).toBe(1));
    disk.fail(new Error("EIO"));
    await expect(run).rejects.toThrow("EIO");
    expect(published).toEqual([]);
    expect(cancelled).toBe(false);
    expect(failures).toEqual(["offer-accept"]);
  });

  it("keeps the steps' order, runs them one at a time, and idle() waits for the announcements", async () => {
    const { steps, published } = runner(async () => undefined);
    let running = 0;
    let most = 0;
    const step = (worker: string) =>
      steps.run("test", async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 5));
        steps.announce(topics.presence(worker), msg("away"));
        running--;
      });
    void step("a");
    void step("b");
    void step("c");
    await steps.idle();
    expect(published).toEqual(["a/presence", "b/presence", "c/presence"]);
    expect(most).toBe(1);
  });

  it("a step that fails still announces what it kept before failing, then rejects; a refusal is not a failure", async () => {
    const failures: string[] = [];
    const { steps, published } = runner(async () => undefined, failures);
    await expect(
      steps.run("broken", async () => {
        steps.announce(topics.presence("kept"), msg("busy"));
        throw new Error("later part failed");
      }),
    ).rejects.toThrow("later part failed");
    expect(published).toEqual(["kept/presence"]);
    await expect(steps.run("refused", async () => Promise.reject(new AppError("conflict", "no")))).rejects.toMatchObject({ code: "conflict" });
    expect(failures).toEqual(["broken"]);
    // and the next step runs normally
    await steps.run("next", async () => steps.announce(topics.presence("next"), msg("away")));
    expect(published).toEqual(["kept/presence", "next/presence"]);
  });
});
