/**
 * Cluster-wide open-window counts on a real Redis: each ClusterWindows is one node. Counts sum on
 * every node, a closed node's windows leave at once, a node that dies (SIGKILL, no close())
 * expires after three missed heartbeats.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ClusterWindows } from "../../lib/bus/cluster-windows";
import { captureLogger } from "../support/capture-logger";
import { startRedis, type LocalRedis } from "../support/redis";
import { waitFor } from "../support/wait";

const HEARTBEAT_MS = 200;

describe("ClusterWindows", () => {
  let redis: LocalRedis;
  const open: ClusterWindows[] = [];

  const node = async (nodeId: string, heartbeatMs = HEARTBEAT_MS) => {
    const windows = await ClusterWindows.create(redis.url, { nodeId, heartbeatMs, logger: captureLogger().logger });
    open.push(windows);
    return windows;
  };

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((w) => w.close()));
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it("sums local counts of two nodes on both sides, and fires onChange with the cluster-wide count", async () => {
    const a = await node("node-a");
    const b = await node("node-b");
    const seenOnA: Array<[string, number]> = [];
    a.onChange((worker, count) => seenOnA.push([worker, count]));
    a.local("w1", 2);
    b.local("w1", 1);
    b.local("w2", 3);
    for (const n of [a, b]) {
      await waitFor(() => [n.count("w1"), n.count("w2"), n.total()], ([w1, w2, total]) => w1 === 3 && w2 === 3 && total === 6, {
        what: "summed counts",
      });
    }
    expect(a.count("nobody")).toBe(0);
    expect(seenOnA).toEqual([["w1", 2], ["w1", 3], ["w2", 3]]);
    b.local("w1", 0);
    await waitFor(() => a.count("w1"), (n) => n === 2, { what: "B's w1 windows closed" });
  });

  it("a node started later reads the counts already there", async () => {
    const a = await node("node-a");
    a.local("w1", 4);
    const c = await node("node-c");
    expect(c.count("w1")).toBe(4);
  });

  it("B closed: A's mirror drops B's counts at once and onChange fires", async () => {
    const a = await node("node-a");
    const b = await node("node-b");
    b.local("w1", 2);
    await waitFor(() => a.count("w1"), (n) => n === 2, { what: "B's count on A" });
    const changes: Array<[string, number]> = [];
    a.onChange((worker, count) => changes.push([worker, count]));
    await b.close();
    open.splice(open.indexOf(b), 1);
    await waitFor(() => a.count("w1"), (n) => n === 0, { what: "B's windows gone from A" });
    expect(changes).toEqual([["w1", 0]]);
  });

  it("a node that stops heartbeating (SIGKILLed) expires from the others' mirrors", async () => {
    const a = await node("node-a");
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(__dirname, "..", "support", "cluster-windows-node.ts"), redis.url, "node-dead", String(HEARTBEAT_MS), "w9=5"],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      await waitFor(
        () => {
          if (child.exitCode !== null) throw new Error(`the child node exited (${child.exitCode})`);
          return a.count("w9");
        },
        (n) => n === 5,
        { what: "the child's count on A" },
      );
      const changes: Array<[string, number]> = [];
      a.onChange((worker, count) => changes.push([worker, count]));
      child.kill("SIGKILL");
      await exited;
      const killedAt = Date.now();
      await waitFor(() => a.count("w9"), (n) => n === 0, { what: "the dead node expired" });
      expect(changes).toEqual([["w9", 0]]);
      // Three heartbeats of silence, give or take one heartbeat of sweep.
      expect(Date.now() - killedAt).toBeGreaterThanOrEqual(HEARTBEAT_MS * 2);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("after a Redis restart (its hashes lost) every node re-announces its counts at once", async () => {
    // NOTE: a heartbeat far longer than the test: only the reconnection can have re-announced.
    const a = await node("node-a", 600_000);
    const b = await node("node-b", 600_000);
    a.local("w1", 1);
    b.local("w1", 2);
    await waitFor(() => [a.count("w1"), b.count("w1")], ([x, y]) => x === 3 && y === 3, { what: "counts shared" });
    await redis.stop();
    redis = await startRedis({ port: redis.port });
    await waitFor(
      async () => (await ClusterWindows.create(redis.url, { nodeId: "probe", heartbeatMs: 600_000, logger: captureLogger().logger }).then(async (c) => {
        const n = c.count("w1");
        await c.close();
        return n;
      })),
      (n) => n === 3,
      { what: "a new node reading both re-announced counts" },
    );
    expect([a.count("w1"), b.count("w1")]).toEqual([3, 3]);
  });

  it("close() while Redis is down does not wait for it to come back", async () => {
    const a = await node("node-a");
    a.local("w1", 1);
    open.splice(open.indexOf(a), 1);
    await redis.stop();
    try {
      const outcome = await Promise.race([
        a.close().then(() => "closed"),
        new Promise((resolve) => setTimeout(() => resolve("still waiting"), 5_000)),
      ]);
      expect(outcome).toBe("closed");
    } finally {
      redis = await startRedis({ port: redis.port });
    }
  });
});
