/**
 * The open-window count of every worker across nodes, so the Preview-or-invitation decision (B5,
 * B7) is right whichever node holds the worker's windows. Each node writes its own counts to a
 * Redis hash (`ucc:windows:<node>`, with a TTL its heartbeat refreshes) and publishes each change;
 * every node keeps an in-memory mirror of every live node's counts, so `count()` is synchronous.
 *
 * NOTE: a node that dies without close() is dropped from the mirrors once no snapshot came from
 * it for EXPIRY_HEARTBEATS heartbeats (its hash expires in Redis at the same age). While this
 * node's own subscriber is cut off from Redis nothing expires (silence is then ours, not theirs);
 * when it is back, every node re-announces itself and the others' hashes are read again.
 */
import { z } from "zod";
import type { Logger } from "../observability/logger";
import { connectRedis, unlessDropped, type RedisConnections } from "./redis-connections";
import { redisChannels, redisKeys } from "./redis-keys";

/** A node is gone after this many heartbeats without a snapshot (and its hash's TTL is as long). */
export const EXPIRY_HEARTBEATS = 3;
export const DEFAULT_HEARTBEAT_MS = 5_000;

const id = z.string().min(1).max(200);
const count = z.number().int().min(0).max(1_000_000);
const windowsMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("count"), node: id, worker: id, count }),
  z.object({ type: z.literal("snapshot"), node: id, counts: z.record(id, count) }),
  z.object({ type: z.literal("gone"), node: id }),
]);
type WindowsMessage = z.infer<typeof windowsMessage>;

interface Mirror {
  counts: Map<string, number>;
  seenAt: number;
}

export interface ClusterWindowsOptions {
  nodeId: string;
  /** How often this node re-announces its counts. Default 5000. */
  heartbeatMs?: number;
  logger: Logger;
}

export class ClusterWindows {
  private readonly own = new Map<string, number>();
  private readonly others = new Map<string, Mirror>();
  private readonly listeners: Array<(worker: string, count: number) => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(
    private readonly redis: RedisConnections,
    private readonly nodeId: string,
    private readonly heartbeatMs: number,
    private readonly logger: Logger,
  ) {}

  static async create(url: string, options: ClusterWindowsOptions): Promise<ClusterWindows> {
    const logger = options.logger.child({ component: "cluster-windows", node: options.nodeId });
    const redis = await connectRedis(url, { name: `ucc-windows-${options.nodeId}`, channels: [redisChannels.windows], logger });
    const windows = new ClusterWindows(redis, options.nodeId, options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS, logger);
    await windows.start();
    return windows;
  }

  /** This node's count of open windows for a worker changed (from the local window tracker). */
  local(worker: string, count: number): void {
    if (this.closed || (this.own.get(worker) ?? 0) === count) return;
    const before = this.count(worker);
    if (count > 0) this.own.set(worker, count);
    else this.own.delete(worker);
    const key = redisKeys.windows(this.nodeId);
    const write = this.redis.publisher.multi();
    if (count > 0) write.hset(key, worker, count);
    else write.hdel(key, worker);
    write.pexpire(key, this.ttlMs());
    write.publish(redisChannels.windows, JSON.stringify({ type: "count", node: this.nodeId, worker, count } satisfies WindowsMessage));
    write.exec().catch((error: Error) => this.logger.warn({ err: error, worker }, "window count not shared; the next heartbeat sends it"));
    this.changed(worker, before);
  }

  /** Open windows of the worker on every live node. */
  count(worker: string): number {
    let sum = this.own.get(worker) ?? 0;
    for (const mirror of this.others.values()) sum += mirror.counts.get(worker) ?? 0;
    return sum;
  }

  /** Open windows of every worker on every live node. */
  total(): number {
    let sum = 0;
    for (const n of this.own.values()) sum += n;
    for (const mirror of this.others.values()) for (const n of mirror.counts.values()) sum += n;
    return sum;
  }

  /** Fired when a worker's cluster-wide count changes, a dead or closed node's departure included. */
  onChange(listener: (worker: string, count: number) => void): void {
    this.listeners.push(listener);
  }

  /** Removes this node's counts from Redis and from every mirror at once (a drained node's windows leave now). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    // NOTE: with Redis unreachable the withdrawal would wait in the offline queue (~20 s): a
    // draining node does not wait for it; its hash expires and the others drop it after the TTL.
    if (this.redis.publisher.status !== "ready") return this.redis.close();
    const gone: WindowsMessage = { type: "gone", node: this.nodeId };
    // NOTE: Redis may go away after the check above, before the socket says so: the withdrawal is
    // then given up when the connection drops, not left in the offline queue.
    await unlessDropped(
      this.redis.publisher,
      this.redis.publisher.multi().del(redisKeys.windows(this.nodeId)).publish(redisChannels.windows, JSON.stringify(gone)).exec(),
    ).catch((error: Error) => this.logger.warn({ err: error }, "window counts not withdrawn; they expire with the heartbeat"));
    await this.redis.close();
  }

  private ttlMs(): number {
    return this.heartbeatMs * EXPIRY_HEARTBEATS;
  }

  private async start(): Promise<void> {
    this.redis.onMessage(redisChannels.windows, (raw) => this.receive(raw));
    this.redis.onReconnect(() => {
      // Silence during our outage says nothing about the others: give them a full expiry period.
      for (const mirror of this.others.values()) mirror.seenAt = Date.now();
      this.heartbeat();
      void this.load();
    });
    // NOTE: a previous life of this node id (a restart) left counts that are not ours any more.
    this.heartbeat();
    await this.load();
    this.timer = setInterval(() => {
      this.heartbeat();
      this.expire();
    }, this.heartbeatMs);
    this.timer.unref();
  }

  /** Rewrites this node's hash, refreshes its TTL and publishes its snapshot. */
  private heartbeat(): void {
    const key = redisKeys.windows(this.nodeId);
    const snapshot: WindowsMessage = { type: "snapshot", node: this.nodeId, counts: Object.fromEntries(this.own) };
    const write = this.redis.publisher.multi().del(key);
    if (this.own.size) write.hset(key, snapshot.counts).pexpire(key, this.ttlMs());
    write.publish(redisChannels.windows, JSON.stringify(snapshot));
    write.exec().catch((error: Error) => this.logger.warn({ err: error }, "window heartbeat not sent"));
  }

  /** Reads the hashes of nodes not heard from yet (what was published before we subscribed). */
  private async load(): Promise<void> {
    try {
      const keys: string[] = [];
      let cursor = "0";
      do {
        const [next, found] = await this.redis.publisher.scan(cursor, "MATCH", redisKeys.windowsPattern, "COUNT", 100);
        cursor = next;
        keys.push(...found);
      } while (cursor !== "0");
      for (const key of keys) {
        const node = redisKeys.nodeOfWindows(key);
        if (node === this.nodeId || this.others.has(node)) continue;
        const [hash, ttl] = await Promise.all([this.redis.publisher.hgetall(key), this.redis.publisher.pttl(key)]);
        if (ttl <= 0 || this.others.has(node)) continue;
        const counts = z.record(id, z.coerce.number().pipe(count)).safeParse(hash);
        if (!counts.success) continue;
        // NOTE: the hash's remaining TTL tells when its node last wrote it.
        this.apply({ type: "snapshot", node, counts: counts.data }, Date.now() - (this.ttlMs() - ttl));
      }
    } catch (error) {
      this.logger.warn({ err: error }, "window counts of other nodes not read; their heartbeats bring them");
    }
  }

  private receive(raw: string): void {
    let parsed: ReturnType<typeof windowsMessage.safeParse>;
    try {
      parsed = windowsMessage.safeParse(JSON.parse(raw));
    } catch {
      parsed = windowsMessage.safeParse(undefined);
    }
    if (!parsed.success) return void this.logger.warn({ raw: raw.slice(0, 200) }, "malformed window count message dropped");
    if (parsed.data.node !== this.nodeId) this.apply(parsed.data, Date.now());
  }

  private apply(message: WindowsMessage, seenAt: number): void {
    if (this.closed) return;
    const mirror = this.others.get(message.node);
    const before = new Map<string, number>();
    const touched = (workers: Iterable<string>) => {
      for (const w of workers) if (!before.has(w)) before.set(w, this.count(w));
    };
    if (message.type === "gone") {
      if (!mirror) return;
      touched(mirror.counts.keys());
      this.others.delete(message.node);
    } else if (message.type === "snapshot") {
      const counts = new Map(Object.entries(message.counts).filter(([, n]) => n > 0));
      touched(mirror?.counts.keys() ?? []);
      touched(counts.keys());
      this.others.set(message.node, { counts, seenAt: Math.max(seenAt, mirror?.seenAt ?? 0) });
    } else {
      touched([message.worker]);
      const target = mirror ?? { counts: new Map<string, number>(), seenAt };
      if (message.count > 0) target.counts.set(message.worker, message.count);
      else target.counts.delete(message.worker);
      target.seenAt = Math.max(target.seenAt, seenAt);
      this.others.set(message.node, target);
    }
    for (const [worker, was] of before) this.changed(worker, was);
  }

  /** Drops nodes silent for EXPIRY_HEARTBEATS heartbeats, unless it is our own connection that is down. */
  private expire(): void {
    if (!this.redis.subscribed()) return;
    const oldest = Date.now() - this.ttlMs();
    for (const [node, mirror] of this.others) {
      if (mirror.seenAt >= oldest) continue;
      this.logger.info({ gone: node }, "a node stopped announcing its windows; its counts are dropped");
      this.apply({ type: "gone", node }, Date.now());
    }
  }

  private changed(worker: string, before: number): void {
    const now = this.count(worker);
    if (now === before) return;
    for (const listener of this.listeners) {
      try {
        listener(worker, now);
      } catch (error) {
        this.logger.error({ err: error }, "a window count listener failed");
      }
    }
  }
}
