/** Which windows of each worker are open, from the Bayeux session lifecycle (B5, B7, B8). */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DETACH_GRACE_MS, WindowTracker } from "../../lib/connector/window-tracker";

describe("WindowTracker", () => {
  let changes: Array<[string, number]>;
  let tracker: WindowTracker;

  beforeEach(() => {
    vi.useFakeTimers();
    changes = [];
    tracker = new WindowTracker({ detachGraceMs: 1_000, onChange: (w, n) => changes.push([w, n]) });
  });
  afterEach(() => {
    tracker.dispose();
    vi.useRealTimers();
  });

  it("counts opens and closes per worker", () => {
    tracker.open("c1", "kw1");
    tracker.open("c2", "kw1");
    tracker.open("c3", "kw2");
    expect(tracker.count("kw1")).toBe(2);
    expect(tracker.count("kw2")).toBe(1);
    expect(tracker.count("kw3")).toBe(0);
    expect(tracker.total()).toBe(3);
    expect(tracker.workerOf("c1")).toBe("kw1");
    expect(tracker.workerOf("c3")).toBe("kw2");

    tracker.close("c1");
    expect(tracker.count("kw1")).toBe(1);
    expect(tracker.workerOf("c1")).toBeUndefined();
    tracker.close("c2");
    tracker.close("c3");
    expect(tracker.count("kw1")).toBe(0);
    expect(tracker.total()).toBe(0);
    expect(changes).toEqual([
      ["kw1", 1],
      ["kw1", 2],
      ["kw2", 1],
      ["kw1", 1],
      ["kw1", 0],
      ["kw2", 0],
    ]);
  });

  it("ignores a second open of the same client and a close of an unknown or closed one", () => {
    tracker.open("c1", "kw1");
    tracker.open("c1", "kw1");
    tracker.open("c1", "kw2");
    expect(tracker.count("kw1")).toBe(1);
    expect(tracker.count("kw2")).toBe(0);
    tracker.close("nope");
    tracker.close("c1");
    tracker.close("c1");
    expect(tracker.count("kw1")).toBe(0);
    expect(changes).toEqual([
      ["kw1", 1],
      ["kw1", 0],
    ]);
  });

  it("a dropped socket closes its windows only after the grace", () => {
    tracker.open("c1", "kw1");
    tracker.open("c2", "kw1");
    tracker.socketClosed(["c1"]);
    vi.advanceTimersByTime(999);
    expect(tracker.count("kw1")).toBe(2);
    vi.advanceTimersByTime(1);
    expect(tracker.count("kw1")).toBe(1);
    expect(changes.at(-1)).toEqual(["kw1", 1]);
    // still known: a later message may bring it back
    expect(tracker.workerOf("c1")).toBe("kw1");
  });

  it("uses a 5 s grace by default", () => {
    const t = new WindowTracker();
    t.open("c1", "kw1");
    t.socketClosed(new Set(["c1"]));
    vi.advanceTimersByTime(DETACH_GRACE_MS - 1);
    expect(t.count("kw1")).toBe(1);
    vi.advanceTimersByTime(1);
    expect(t.count("kw1")).toBe(0);
    expect(DETACH_GRACE_MS).toBe(5_000);
    t.dispose();
  });

  it("a message within the grace keeps the window open", () => {
    tracker.open("c1", "kw1");
    tracker.socketClosed(["c1"]);
    vi.advanceTimersByTime(500);
    tracker.touch("c1");
    vi.advanceTimersByTime(5_000);
    expect(tracker.count("kw1")).toBe(1);
    expect(changes).toEqual([["kw1", 1]]);
  });

  it("a message after the grace revives the window", () => {
    tracker.open("c1", "kw1");
    tracker.socketClosed(["c1"]);
    vi.advanceTimersByTime(1_000);
    expect(tracker.count("kw1")).toBe(0);
    tracker.touch("c1");
    expect(tracker.count("kw1")).toBe(1);
    tracker.touch("c1");
    expect(tracker.count("kw1")).toBe(1);
    expect(changes).toEqual([
      ["kw1", 1],
      ["kw1", 0],
      ["kw1", 1],
    ]);
  });

  it("touch of an unknown client does nothing", () => {
    tracker.touch("ghost");
    expect(tracker.total()).toBe(0);
    expect(changes).toEqual([]);
  });

  it("a second socketClosed during the grace does not restart or double the countdown", () => {
    tracker.open("c1", "kw1");
    tracker.socketClosed(["c1"]);
    vi.advanceTimersByTime(600);
    tracker.socketClosed(["c1"]);
    vi.advanceTimersByTime(400);
    expect(tracker.count("kw1")).toBe(0);
    vi.advanceTimersByTime(2_000);
    expect(tracker.count("kw1")).toBe(0);
    expect(changes).toEqual([
      ["kw1", 1],
      ["kw1", 0],
    ]);
  });

  it("close during the grace counts once and the timer does nothing later", () => {
    tracker.open("c1", "kw1");
    tracker.socketClosed(["c1"]);
    tracker.close("c1");
    expect(tracker.count("kw1")).toBe(0);
    vi.advanceTimersByTime(5_000);
    expect(tracker.count("kw1")).toBe(0);
    expect(changes).toEqual([
      ["kw1", 1],
      ["kw1", 0],
    ]);
  });

  it("close after the socket detached does not count the window twice", () => {
    tracker.open("c1", "kw1");
    tracker.open("c2", "kw1");
    tracker.socketClosed(["c1"]);
    vi.advanceTimersByTime(1_000);
    expect(tracker.count("kw1")).toBe(1);
    tracker.close("c1");
    expect(tracker.count("kw1")).toBe(1);
    expect(tracker.workerOf("c1")).toBeUndefined();
    tracker.touch("c1");
    expect(tracker.count("kw1")).toBe(1);
  });

  it("a client closed and opened again under the same id is a new window the old timer cannot close", () => {
    tracker.open("c1", "kw1");
    tracker.socketClosed(["c1"]);
    tracker.close("c1");
    tracker.open("c1", "kw1");
    vi.advanceTimersByTime(5_000);
    expect(tracker.count("kw1")).toBe(1);
  });

  it("socketClosed ignores unknown clients and only affects the ones named", () => {
    tracker.open("c1", "kw1");
    tracker.open("c2", "kw2");
    tracker.socketClosed(["ghost", "c2"]);
    vi.advanceTimersByTime(1_000);
    expect(tracker.count("kw1")).toBe(1);
    expect(tracker.count("kw2")).toBe(0);
  });

  it("dispose forgets everything and cancels pending detaches", () => {
    tracker.open("c1", "kw1");
    tracker.socketClosed(["c1"]);
    tracker.dispose();
    vi.advanceTimersByTime(5_000);
    expect(tracker.total()).toBe(0);
    expect(changes).toEqual([["kw1", 1]]);
  });
});
