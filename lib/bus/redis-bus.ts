/**
 * The bus port on Redis pub/sub, for several connector nodes: a push published on any node
 * reaches the Bayeux server of every node (its own included), in the order that node published
 * them (one publisher connection per node, one channel). Control messages between nodes travel
 * the same way on a channel of their own.
 *
 * NOTE: while Redis is down, publishes wait in ioredis's offline queue and go out when it is
 * back (bounded: see MAX_RETRIES_PER_COMMAND; what is dropped is logged, never thrown at the
 * caller). Subscribers miss what was published while their own connection was down: pub/sub does
 * not replay. onReconnect tells the caller when messages flow again, so it can have the windows
 * re-sync their snapshot from the store; a queued push that arrives after that re-sync is
 * already older than the snapshot it follows.
 */
import { z } from "zod";
import type { Topic } from "../connector/ports";
import type { Logger } from "../observability/logger";
import { PROTOCOL_VERSION, type PushMessage } from "../protocol";
import type { Bus } from "./in-process-bus";
import { connectRedis } from "./redis-connections";
import { redisChannels } from "./redis-keys";

export interface ControlMessage {
  type: string;
  [key: string]: unknown;
}

export interface RedisBus extends Bus {
  /** Sends a control message to every node, this one included. */
  control(message: ControlMessage): void;
  onControl(listener: (message: ControlMessage, meta: { from: string }) => void): void;
  /** Called when this node's subscriber is back and re-subscribed after an outage (what was published meanwhile is not replayed). */
  onReconnect(listener: () => void): void;
  close(): Promise<void>;
}

const MAX_ID = 200;

const topicSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("worker"),
    worker: z.string().min(1).max(MAX_ID),
    stream: z.enum(["presence", "offers", "interactions"]),
  }),
  z.object({ kind: z.literal("chat"), interaction: z.string().min(1).max(MAX_ID) }),
]) satisfies z.ZodType<Topic>;

// NOTE: the envelope and the protocol version are checked here; each push type's fields are the
// publishing node's (same build) and are not re-validated on every node.
const pushSchema = z.object({
  from: z.string().min(1).max(MAX_ID),
  topic: topicSchema,
  message: z.looseObject({ v: z.literal(PROTOCOL_VERSION), type: z.string().min(1) }),
});

const controlSchema = z.object({
  from: z.string().min(1).max(MAX_ID),
  message: z.looseObject({ type: z.string().min(1).max(MAX_ID) }),
});

function parse<T>(schema: z.ZodType<T>, raw: string): T | undefined {
  try {
    const result = schema.safeParse(JSON.parse(raw));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

export async function createRedisBus(url: string, options: { nodeId: string; logger: Logger }): Promise<RedisBus> {
  const { nodeId } = options;
  const logger = options.logger.child({ component: "redis-bus", node: nodeId });
  const redis = await connectRedis(url, { name: `ucc-bus-${nodeId}`, channels: [redisChannels.push, redisChannels.control], logger });
  const subscribers: Array<(topic: Topic, message: PushMessage) => void> = [];
  const controlListeners: Array<(message: ControlMessage, meta: { from: string }) => void> = [];

  const send = (channel: string, payload: unknown, what: string) => {
    redis.publisher.publish(channel, JSON.stringify(payload)).catch((error: Error) => {
      logger.error({ err: error, channel, what }, "bus message dropped: Redis was unreachable for too long");
    });
  };

  // NOTE: a listener that throws must not break delivery to the others (nor ioredis's reader).
  const each = <A extends unknown[]>(listeners: Array<(...args: A) => void>, args: A) => {
    for (const listener of listeners) {
      try {
        listener(...args);
      } catch (error) {
        logger.error({ err: error }, "a bus subscriber failed");
      }
    }
  };

  redis.onMessage(redisChannels.push, (raw) => {
    const push = parse(pushSchema, raw);
    if (!push) return void logger.warn({ channel: redisChannels.push, raw: raw.slice(0, 200) }, "malformed bus message dropped");
    each(subscribers, [push.topic, push.message as unknown as PushMessage]);
  });
  redis.onMessage(redisChannels.control, (raw) => {
    const control = parse(controlSchema, raw);
    if (!control) return void logger.warn({ channel: redisChannels.control, raw: raw.slice(0, 200) }, "malformed control message dropped");
    each(controlListeners, [control.message as ControlMessage, { from: control.from }]);
  });

  return {
    publish(topic, message) {
      send(redisChannels.push, { from: nodeId, topic, message }, message.type);
    },
    subscribe(deliver) {
      subscribers.push(deliver);
    },
    control(message) {
      send(redisChannels.control, { from: nodeId, message }, message.type);
    },
    onControl(listener) {
      controlListeners.push(listener);
    },
    onReconnect(listener) {
      redis.onReconnect(listener);
    },
    close: () => redis.close(),
  };
}
