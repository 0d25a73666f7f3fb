/**
 * The Redis bus on a real Redis: two buses are two nodes. Pushes fan out to every node in publish
 * order, control messages too, malformed messages are dropped, and a Redis restart is survived.
 */
import Redis from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Topic } from "../../lib/connector/ports";
import { topics } from "../../lib/connector/ports";
import { createRedisBus, type ControlMessage, type RedisBus } from "../../lib/bus/redis-bus";
import { redisChannels } from "../../lib/bus/redis-keys";
import { PROTOCOL_VERSION, type PushMessage } from "../../lib/protocol";
import { captureLogger } from "../support/capture-logger";
import { startRedis, type LocalRedis } from "../support/redis";
import { waitFor } from "../support/wait";

const typing = (n: number): PushMessage => ({ v: PROTOCOL_VERSION, type: "typing", interactionId: `i-${n}`, from: "customer" });

interface Node {
  bus: RedisBus;
  pushes: Array<{ topic: Topic; message: PushMessage }>;
  controls: Array<{ message: ControlMessage; from: string }>;
  reconnects: number;
  log: ReturnType<typeof captureLogger>;
}

async function node(url: string, nodeId: string): Promise<Node> {
  const log = captureLogger();
  const bus = await createRedisBus(url, { nodeId, logger: log.logger });
  const n: Node = { bus, pushes: [], controls: [], reconnects: 0, log };
  bus.subscribe((topic, message) => n.pushes.push({ topic, message }));
  bus.onControl((message, { from }) => n.controls.push({ message, from }));
  bus.onReconnect(() => n.reconnects++);
  return n;
}

describe("createRedisBus", () => {
  let redis: LocalRedis;
  let a: Node;
  let b: Node;

  beforeAll(async () => {
    redis = await startRedis();
    [a, b] = await Promise.all([node(redis.url, "node-a"), node(redis.url, "node-b")]);
  });

  afterAll(async () => {
    await Promise.all([a?.bus.close(), b?.bus.close()]);
    await redis?.stop();
  });

  const reset = () => {
    for (const n of [a, b]) {
      n.pushes.length = 0;
      n.controls.length = 0;
    }
  };

  it("a publish on A reaches A and B, in publish order", async () => {
    reset();
    for (let i = 0; i < 200; i++) a.bus.publish(topics.chat(`chat-${i % 3}`), typing(i));
    for (const n of [a, b]) {
      await waitFor(() => n.pushes.length, (count) => count >= 200, { what: "200 pushes" });
      expect(n.pushes.map((p) => (p.message as { interactionId: string }).interactionId)).toEqual(
        Array.from({ length: 200 }, (_, i) => `i-${i}`),
      );
      expect(n.pushes[4].topic).toEqual({ kind: "chat", interaction: "chat-1" });
    }
  });

  it("keeps each node's order when both publish at once", async () => {
    reset();
    for (let i = 0; i < 50; i++) {
      a.bus.publish(topics.offers("w1"), typing(i));
      b.bus.publish(topics.presence("w2"), typing(1000 + i));
    }
    for (const n of [a, b]) {
      await waitFor(() => n.pushes.length, (count) => count >= 100, { what: "100 pushes" });
      const ids = (worker: string) =>
        n.pushes.filter((p) => p.topic.kind === "worker" && p.topic.worker === worker).map((p) => (p.message as { interactionId: string }).interactionId);
      expect(ids("w1")).toEqual(Array.from({ length: 50 }, (_, i) => `i-${i}`));
      expect(ids("w2")).toEqual(Array.from({ length: 50 }, (_, i) => `i-${1000 + i}`));
    }
  });

  it("control messages reach every node, with the sender's id", async () => {
    reset();
    b.bus.control({ type: "sign-out", worker: "w1" });
    for (const n of [a, b]) {
      await waitFor(() => n.controls.length, (count) => count >= 1, { what: "the control message" });
      expect(n.controls).toEqual([{ message: { type: "sign-out", worker: "w1" }, from: "node-b" }]);
    }
  });

  it("drops a malformed message on either channel, logs it, and goes on", async () => {
    reset();
    const raw = new Redis(redis.url);
    try {
      await raw.publish(redisChannels.push, "not json");
      await raw.publish(redisChannels.push, JSON.stringify({ from: "x", topic: { kind: "room" }, message: typing(1) }));
      await raw.publish(redisChannels.push, JSON.stringify({ from: "x", topic: topics.chat("c"), message: { v: 999, type: "typing" } }));
      await raw.publish(redisChannels.control, JSON.stringify({ from: "x", message: { kind: "no type" } }));
    } finally {
      raw.disconnect();
    }
    a.bus.publish(topics.chat("c"), typing(7));
    a.bus.control({ type: "after" });
    for (const n of [a, b]) {
      await waitFor(() => n.pushes.length + n.controls.length, (count) => count >= 2, { what: "the good messages" });
      expect(n.pushes.map((p) => p.message)).toEqual([typing(7)]);
      expect(n.controls.map((c) => c.message)).toEqual([{ type: "after" }]);
      const dropped = n.log.lines().filter((l) => /malformed/.test(l.msg));
      expect(dropped).toHaveLength(4);
    }
  });

  it("survives a Redis restart on the same port: onReconnect fires on both, then publishes reach both", async () => {
    reset();
    const before = [a.reconnects, b.reconnects];
    await redis.stop();
    // NOTE: a publish while Redis is down is queued (or dropped and logged later), never thrown.
    expect(() => a.bus.publish(topics.chat("c"), typing(-1))).not.toThrow();
    redis = await startRedis({ port: redis.port });
    await waitFor(() => [a.reconnects, b.reconnects], ([ra, rb]) => ra > before[0] && rb > before[1], { what: "both reconnected" });
    reset();
    a.bus.publish(topics.chat("c"), typing(1));
    a.bus.control({ type: "after-restart" });
    b.bus.control({ type: "after-restart" });
    for (const n of [a, b]) {
      // NOTE: A's control follows A's push on A's one publisher connection: once it is here, so is the push.
      await waitFor(() => n.controls.length, (count) => count >= 2, { what: "messages after the restart" });
      // The push queued during the outage may arrive (publisher back first) or not (subscriber back later).
      expect(n.pushes.map((p) => p.message).filter((m) => (m as { interactionId: string }).interactionId !== "i--1")).toEqual([typing(1)]);
      expect(n.controls.map((c) => c.from).sort()).toEqual(["node-a", "node-b"]);
    }
  });

  it("refuses to start with one clear error when Redis cannot be reached", async () => {
    const { logger } = captureLogger();
    await expect(createRedisBus("redis://127.0.0.1:1", { nodeId: "x", logger })).rejects.toThrow(/Redis at redis:\/\/127\.0\.0\.1:1.* cannot be reached/);
  });
});
