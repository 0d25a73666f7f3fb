/** WalSync (the WAL synced once per event-loop turn) and StepRunner (announce only what is on disk). */
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
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
  afterEach(() => vi.restoreAllMocks());

  it("resolves at once when nothing was written since the last sync", async () => {
    const spy = vi.spyOn(fs, "fdatasyncSync");
    const sync = new WalSync(fd);
    await sync.durable();
    expect(spy).not.toHaveBeenCalled();
  });

  it("syncs once at the end of the turn: every write of the turn shares it", async () => {
    const spy = vi.spyOn(fs, "fdatasyncSync");
    const sync = new WalSync(fd);
    sync.noteCommit();
    const first = sync.durable();
    sync.noteCommit(); // later in the same turn: the same sync
    await Promise.all([first, sync.durable(), sync.durable()]);
    expect(spy).toHaveBeenCalledTimes(1);
    await sync.durable();
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it("a write in a later turn gets a sync of its own", async () => {
    const spy = vi.spyOn(fs, "fdatasyncSync");
    const sync = new WalSync(fd);
    sync.noteCommit();
    await sync.durable();
    sync.noteCommit();
    let done = false;
    const second = sync.durable().then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false); // not covered by the first sync
    await second;
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it("nobody is answered before the sync, and a write nobody waits for is synced in its turn all the same", async () => {
    const order: string[] = [];
    const sync = new WalSync(fd, () => void order.push("sync"));
    sync.noteCommit();
    const answered = sync.durable().then(() => order.push("answered"));
    expect(order).toEqual([]);
    await answered;
    expect(order).toEqual(["sync", "answered"]);
    sync.noteCommit(); // nobody calls durable()
    await nextTurn();
    expect(order).toEqual(["sync", "answered", "sync"]);
  });

  it("the turn's group is committed before the sync and the next one begun after it", async () => {
    const order: string[] = [];
    const sync = new WalSync(fd, () => void order.push("sync"), undefined, { open: () => void order.push("open"), close: () => void order.push("close") });
    expect(order).toEqual(["open"]);
    sync.noteCommit();
    await sync.durable();
    expect(order).toEqual(["open", "close", "sync", "open"]);
  });

  it("a failed sync rejects its waiters; the next write gets a sync of its own", async () => {
    let fail = true;
    const sync = new WalSync(fd, () => {
      if (fail) throw new Error("EIO");
    });
    sync.noteCommit();
    await expect(sync.durable()).rejects.toThrow("EIO");
    fail = false;
    sync.noteCommit();
    await expect(sync.durable()).resolves.toBeUndefined();
  });

  it("once closed, it neither commits nor syncs: a waiter hears that the store is closed", async () => {
    const order: string[] = [];
    const sync = new WalSync(fd, () => void order.push("sync"), undefined, { open: () => void order.push("open"), close: () => void order.push("close") });
    sync.noteCommit();
    sync.close();
    await expect(sync.durable()).rejects.toThrow("the store is closed");
    expect(order).toEqual(["open"]);
  });

  it("a group lost under its writes fails them, and is not synced as if kept", async () => {
    const synced: number[] = [];
    let lost = true;
    const sync = new WalSync(fd, () => void synced.push(1), undefined, {
      open: () => undefined,
      close: () => {
        if (lost) throw new Error("the writes made in this turn were rolled back");
      },
    });
    sync.noteCommit();
    await expect(sync.durable()).rejects.toThrow("rolled back");
    expect(synced).toEqual([]);
    lost = false;
    sync.noteCommit();
    await sync.durable();
    expect(synced).toEqual([1]);
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
