/**
 * The pieces around routing: WorkerBoard (loads kept in memory), OfferTimers (one timer per
 * offer, by the connector's clock, with fake timers), SerialQueue, the Preview countdown with
 * clock skew, and which browsers only deliver Previews in the foreground (B10).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { isForegroundOnlyBrowser } from "../../lib/client/alerts";
import { ANNOUNCE_AT_SECONDS, remainingMs, timed } from "../../lib/client/offer-clock";
import { OfferTimers } from "../../lib/connector/interactions/offers/offer-timers";
import { SerialQueue } from "../../lib/connector/serial-queue";
import { WorkerBoard } from "../../lib/connector/interactions/worker-board";
import type { Interaction, InteractionState, Media } from "../../lib/domain/interaction";
import type { OfferView } from "../../lib/protocol";

const T0 = "2024-05-06T09:00:00.000Z";

function interaction(id: string, state: InteractionState, worker: string | undefined, media: Media = "chat"): Interaction {
  return { id, media, from: "x", subject: "", data: {}, state, ...(worker ? { worker } : {}), refusedBy: [], createdAt: T0, updatedAt: T0 };
}

describe("WorkerBoard", () => {
  const workers = [
    { id: "kw1", ready: true, idleSince: "2024-05-06T08:00:00.000Z" },
    { id: "kw2", ready: true, idleSince: "2024-05-06T08:30:00.000Z" },
    { id: "kw3", ready: false, idleSince: "2024-05-06T07:00:00.000Z" },
  ];

  it("reset counts what each worker holds: offered, active and wrap-up, not queued or final", () => {
    const board = new WorkerBoard({ maxChats: 3 });
    board.reset(workers, [
      interaction("a", "offered", "kw1"),
      interaction("b", "active", "kw1"),
      interaction("c", "wrap-up", "kw1"),
      interaction("d", "queued", undefined),
      interaction("e", "done", "kw2"),
      interaction("f", "abandoned", "kw2"),
      interaction("g", "active", "kw2", "voice"),
    ]);
    expect(board.get("kw1")).toMatchObject({ chats: 3, calls: 0, ready: true });
    expect(board.get("kw2")).toMatchObject({ chats: 0, calls: 1 });
    expect(board.get("kw3")).toMatchObject({ chats: 0, calls: 0, ready: false });
    // kw1 is full, kw2 is on a call, kw3 is not Ready: nobody can be offered anything.
    expect(board.candidates()).toEqual([]);
  });

  it("reset forgets the previous state", () => {
    const board = new WorkerBoard({ maxChats: 3 });
    board.reset(workers, [interaction("a", "active", "kw1", "voice")]);
    board.reset(workers, []);
    expect(board.get("kw1")).toMatchObject({ chats: 0, calls: 0 });
  });

  it("candidates are the Ready workers with room for a chat or a call", () => {
    const board = new WorkerBoard({ maxChats: 2 });
    board.reset(workers, []);
    expect(board.candidates().map((l) => l.id)).toEqual(["kw1", "kw2"]);
    board.take("kw1", "chat");
    expect(board.candidates().map((l) => l.id)).toEqual(["kw1", "kw2"]);
    board.take("kw1", "chat");
    expect(board.candidates().map((l) => l.id)).toEqual(["kw2"]);
    board.take("kw2", "voice");
    expect(board.candidates()).toEqual([]);
    board.release("kw2", "voice");
    board.release("kw1", "chat");
    expect(board.candidates().map((l) => l.id)).toEqual(["kw1", "kw2"]);
  });

  it("release never goes below zero; unknown workers are ignored", () => {
    const board = new WorkerBoard({ maxChats: 3 });
    board.reset(workers, []);
    board.release("kw1", "chat");
    board.release("kw1", "voice");
    expect(board.get("kw1")).toMatchObject({ chats: 0, calls: 0 });
    board.take("ghost", "chat");
    board.release("ghost", "chat");
    board.setReady("ghost", true, T0);
    board.setIdleSince("ghost", T0);
    expect(board.get("ghost")).toBeUndefined();
  });

  it("setReady turns a worker on and off; idleSince changes only when given", () => {
    const board = new WorkerBoard({ maxChats: 3 });
    board.reset(workers, []);
    board.setReady("kw3", true);
    expect(board.get("kw3")).toMatchObject({ ready: true, idleSince: "2024-05-06T07:00:00.000Z" });
    board.setReady("kw3", false, T0);
    expect(board.get("kw3")).toMatchObject({ ready: false, idleSince: T0 });
    board.setIdleSince("kw1", "2024-05-06T10:00:00.000Z");
    expect(board.get("kw1")?.idleSince).toBe("2024-05-06T10:00:00.000Z");
    expect(board.candidates().map((l) => l.id)).toEqual(["kw1", "kw2"]);
  });
});

describe("OfferTimers (fake timers)", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    vi.setSystemTime(new Date(T0));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const clock = { now: () => new Date() };
  const inMs = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();

  it("fires once at the deadline, not before", () => {
    const timers = new OfferTimers(clock);
    const fire = vi.fn();
    timers.schedule("o1", inMs(5000), fire);
    expect(timers.size).toBe(1);
    vi.advanceTimersByTime(4999);
    expect(fire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fire).toHaveBeenCalledTimes(1);
    expect(timers.size).toBe(0);
    vi.advanceTimersByTime(60_000);
    expect(fire).toHaveBeenCalledTimes(1);
  });

  it("a deadline already past fires at once (an offer that ran out while the connector was down)", () => {
    const timers = new OfferTimers(clock);
    const fire = vi.fn();
    timers.schedule("o1", inMs(-10_000), fire);
    vi.advanceTimersByTime(0);
    expect(fire).toHaveBeenCalledTimes(1);
  });

  it("the delay is measured by the connector's clock, not the machine's", () => {
    // The connector's clock is 3 s ahead: a deadline 5 s ahead of it is 2 s away.
    const ahead = { now: () => new Date(Date.now() + 3000) };
    const timers = new OfferTimers(ahead);
    const fire = vi.fn();
    timers.schedule("o1", inMs(5000), fire);
    vi.advanceTimersByTime(1999);
    expect(fire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fire).toHaveBeenCalledTimes(1);
  });

  it("cancel stops it; scheduling the same offer again replaces the old timer (extend)", () => {
    const timers = new OfferTimers(clock);
    const first = vi.fn();
    const second = vi.fn();
    timers.schedule("o1", inMs(5000), first);
    timers.schedule("o1", inMs(8000), second);
    expect(timers.size).toBe(1);
    vi.advanceTimersByTime(5000);
    expect(first).not.toHaveBeenCalled();
    vi.advanceTimersByTime(3000);
    expect(second).toHaveBeenCalledTimes(1);

    const third = vi.fn();
    timers.schedule("o2", inMs(10_000), third);
    timers.cancel("o2");
    timers.cancel("never-scheduled");
    expect(timers.size).toBe(0);
    vi.advanceTimersByTime(10_000);
    expect(third).not.toHaveBeenCalled();
  });

  it("dispose clears every timer", () => {
    const timers = new OfferTimers(clock);
    const fire = vi.fn();
    for (const id of ["a", "b", "c"]) timers.schedule(id, inMs(1000), fire);
    expect(timers.size).toBe(3);
    timers.dispose();
    expect(timers.size).toBe(0);
    vi.advanceTimersByTime(5000);
    expect(fire).not.toHaveBeenCalled();
  });
});

describe("SerialQueue", () => {
  it("runs tasks one at a time in order, and a failure does not stop the next", async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    let running = 0;
    const task = (name: string, ms: number, fail = false) => async () => {
      running++;
      expect(running).toBe(1);
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`end ${name}`);
      running--;
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([queue.run(task("a", 20)), queue.run(task("b", 1, true)), queue.run(task("c", 5))]);
    await queue.idle();
    expect(log).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  });
});

describe("offer clock (the Preview's countdown)", () => {
  const offer = (deadline: string, serverTime: string): OfferView => ({
    id: "o1",
    interaction: { id: "i1", media: "chat", from: "Pat", subject: "", data: {} },
    offeredAt: serverTime,
    deadline,
    serverTime,
    timeoutMs: 20_000,
    extended: false,
    presenceAfterTimeout: "away",
  });
  const server = Date.parse(T0);

  it("without skew, the remaining time is deadline - now", () => {
    const t = timed(offer(new Date(server + 20_000).toISOString(), T0), server);
    expect(t.skewMs).toBe(0);
    expect(remainingMs(t, server)).toBe(20_000);
    expect(remainingMs(t, server + 15_500)).toBe(4_500);
  });

  it("a browser clock 1 minute behind still counts down 20 s", () => {
    const browserNow = server - 60_000;
    const t = timed(offer(new Date(server + 20_000).toISOString(), T0), browserNow);
    expect(t.skewMs).toBe(60_000);
    expect(remainingMs(t, browserNow)).toBe(20_000);
    expect(remainingMs(t, browserNow + 19_000)).toBe(1_000);
  });

  it("a browser clock 30 s ahead still counts down 20 s", () => {
    const browserNow = server + 30_000;
    const t = timed(offer(new Date(server + 20_000).toISOString(), T0), browserNow);
    expect(t.skewMs).toBe(-30_000);
    expect(remainingMs(t, browserNow)).toBe(20_000);
    expect(remainingMs(t, browserNow + 5_000)).toBe(15_000);
  });

  it("never goes below zero", () => {
    expect(remainingMs({ deadline: T0, skewMs: 0 }, server + 60_000)).toBe(0);
    expect(remainingMs({ deadline: T0, skewMs: 10_000 }, server)).toBe(0);
  });

  it("an offer re-sent later (reconnect) keeps its deadline: remaining = deadline - server now", () => {
    const resentServerTime = new Date(server + 12_000).toISOString();
    const browserNow = server + 500; // the browser's clock, 11.5 s behind
    const t = timed(offer(new Date(server + 20_000).toISOString(), resentServerTime), browserNow);
    expect(remainingMs(t, browserNow)).toBe(8_000);
  });

  it("announces only at 15, 10 and 5 seconds", () => {
    expect([...ANNOUNCE_AT_SECONDS]).toEqual([15, 10, 5]);
  });
});

describe("isForegroundOnlyBrowser (B10)", () => {
  it.each<[string, string, boolean]>([
    ["Safari on macOS", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15", true],
    ["Safari on iPhone", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1", true],
    ["Safari on iPad", "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1", true],
    ["Chrome on iPhone (Safari's engine underneath)", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1", true],
    ["Chrome on Windows", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36", false],
    ["Chrome on macOS", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36", false],
    ["Chrome on Android", "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36", false],
    ["Chromium on Linux", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chromium/124.0.0.0 Chrome/124.0.0.0 Safari/537.36", false],
    ["Firefox on Linux", "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0", false],
    ["Firefox on Windows", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0", false],
    ["Edge on Windows", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80", false],
    ["Edge on macOS", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80", false],
    ["Opera", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 OPR/110.0.0.0", false],
    ["an empty user agent", "", false],
  ])("%s -> %s", (_name, ua, expected) => {
    expect(isForegroundOnlyBrowser(ua)).toBe(expected);
  });
});
