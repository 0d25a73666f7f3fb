/**
 * Two ioredis connections to one Redis, as pub/sub needs them: `publisher` for publishes and
 * commands, `subscriber` for messages (a subscribed connection can do nothing else). Shared by
 * the Redis bus and the cluster window counts.
 */
import Redis from "ioredis";
import { AppError } from "../errors";
import type { Logger } from "../observability/logger";

/** Reconnect after 100 ms, 200 ms, ... at most every 2 s. */
const RECONNECT_STEP_MS = 100;
const RECONNECT_MAX_MS = 2_000;
/**
 * NOTE: a command issued while Redis is down waits in ioredis's offline queue and is sent when the
 * connection is back; after this many failed reconnection attempts (about 20 s with the delays
 * above) it is rejected instead, and the caller logs it as dropped. That bounds the queue to what
 * ~20 s of traffic holds.
 */
export const MAX_RETRIES_PER_COMMAND = 20;

export interface RedisConnections {
  publisher: Redis;
  subscriber: Redis;
  /** True while the subscriber is connected and subscribed (messages are arriving). */
  subscribed(): boolean;
  onMessage(channel: string, handler: (raw: string) => void): void;
  /** Called each time the subscriber is back and re-subscribed after an outage (not at the first connection). */
  onReconnect(listener: () => void): void;
  close(): Promise<void>;
}

function client(url: string, name: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectionName: name,
    maxRetriesPerRequest: MAX_RETRIES_PER_COMMAND,
    retryStrategy: (attempt) => Math.min(attempt * RECONNECT_STEP_MS, RECONNECT_MAX_MS),
    // NOTE: subscriptions are renewed here (on "ready"), not by ioredis, so that onReconnect fires
    // only once the subscription is confirmed: ioredis's own renewal is not awaited before "ready".
    autoResubscribe: false,
  });
  // NOTE: one line per outage, not one per reconnection attempt.
  let down = false;
  redis.on("error", (error) => {
    if (!down) logger.warn({ err: error, connection: name }, "Redis connection lost; reconnecting");
    down = true;
  });
  redis.on("ready", () => {
    if (down) logger.info({ connection: name }, "Redis connection back");
    down = false;
  });
  return redis;
}

/**
 * Resolves with `work` or as soon as the connection drops, whichever comes first: a command sent
 * just as Redis went away would otherwise wait in the offline queue for the reconnection attempts.
 */
export async function unlessDropped(redis: Redis, work: Promise<unknown>): Promise<void> {
  let onClose = (): void => undefined;
  const dropped = new Promise<void>((resolve) => {
    onClose = resolve;
    redis.once("close", onClose);
  });
  try {
    await Promise.race([work.then(() => undefined), dropped]);
  } finally {
    redis.off("close", onClose);
  }
}

async function quit(redis: Redis): Promise<void> {
  if (redis.status === "ready") await unlessDropped(redis, redis.quit()).catch(() => undefined);
  redis.disconnect();
}

export async function connectRedis(
  url: string,
  { name, channels, logger }: { name: string; channels: string[]; logger: Logger },
): Promise<RedisConnections> {
  const publisher = client(url, `${name}:pub`, logger);
  const subscriber = client(url, `${name}:sub`, logger);
  const handlers = new Map<string, (raw: string) => void>();
  const reconnectListeners: Array<() => void> = [];
  let isSubscribed = false;
  let first = true;
  let settleFirst: (error?: Error) => void = () => {};
  const firstSubscription = new Promise<void>((resolve, reject) => {
    settleFirst = (error) => (error ? reject(error) : resolve());
  });

  subscriber.on("message", (channel: string, raw: string) => handlers.get(channel)?.(raw));
  subscriber.on("close", () => (isSubscribed = false));
  subscriber.on("ready", () => {
    subscriber.subscribe(...channels).then(
      () => {
        isSubscribed = true;
        if (first) {
          first = false;
          settleFirst();
          return;
        }
        for (const listener of reconnectListeners) {
          try {
            listener();
          } catch (error) {
            logger.error({ err: error }, "a Redis reconnect listener failed");
          }
        }
      },
      (error: Error) => {
        if (first) settleFirst(error);
        else logger.warn({ err: error, connection: `${name}:sub` }, "Redis subscribe failed; retried at the next connection");
      },
    );
  });

  try {
    await Promise.all([publisher.connect(), subscriber.connect()]);
    await firstSubscription;
  } catch (error) {
    publisher.disconnect();
    subscriber.disconnect();
    throw new AppError("unavailable", `Redis at ${redactedUrl(url)} cannot be reached: ${(error as Error).message}`);
  }

  return {
    publisher,
    subscriber,
    subscribed: () => isSubscribed,
    onMessage: (channel, handler) => void handlers.set(channel, handler),
    onReconnect: (listener) => void reconnectListeners.push(listener),
    async close() {
      await Promise.all([quit(publisher), quit(subscriber)]);
    },
  };
}

/** The URL without its password, for messages. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(an invalid URL)";
  }
}
