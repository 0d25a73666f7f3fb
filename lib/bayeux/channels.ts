/**
 * Every Bayeux channel name is built here, and the authorizer parses names with the same
 * helper, so a handler can never publish on a channel the authorizer would not recognise.
 */
const WORKER_PREFIX = "/kw/";

export type WorkerTopic = "presence" | "offers";

const WORKER_TOPICS: readonly WorkerTopic[] = ["presence", "offers"];

export const channels = {
  /** Presence changes of one worker, from any source. */
  workerPresence: (workerId: string) => workerChannel(workerId, "presence"),
  /** Offers (Previews) and their outcomes for one worker. */
  workerOffers: (workerId: string) => workerChannel(workerId, "offers"),
};

function workerChannel(workerId: string, topic: WorkerTopic): string {
  return `${WORKER_PREFIX}${workerId}/${topic}`;
}

/** Who a channel belongs to, or undefined for a channel this helper never builds. */
export function parseChannel(channel: string): { kind: "worker"; workerId: string; topic: WorkerTopic } | undefined {
  if (!channel.startsWith(WORKER_PREFIX)) return undefined;
  const rest = channel.slice(WORKER_PREFIX.length).split("/");
  if (rest.length !== 2) return undefined;
  const [workerId, topic] = rest;
  if (!workerId || !(WORKER_TOPICS as readonly string[]).includes(topic)) return undefined;
  if (workerChannel(workerId, topic as WorkerTopic) !== channel) return undefined;
  return { kind: "worker", workerId, topic: topic as WorkerTopic };
}
