/**
 * Every Bayeux channel name is built here, and the authorizer parses names with the same
 * helper, so a handler can never publish on a channel the authorizer would not recognise.
 */
import type { Topic, WorkerStream } from "../connector/ports";
import type { PushMessage } from "../protocol";

const WORKER_PREFIX = "/kw/";
const CHAT_PREFIX = "/chat/";
const SCOPED = "scoped";

export type WorkerTopic = WorkerStream;

const WORKER_TOPICS: readonly WorkerTopic[] = ["presence", "offers", "interactions"];

export const channels = {
  /** Presence changes of one worker, from any source. */
  workerPresence: (workerId: string) => workerChannel(workerId, "presence"),
  /** Offers (Previews) and their outcomes for one worker. */
  workerOffers: (workerId: string) => workerChannel(workerId, "offers"),
  /** State changes and messages of the interactions one worker handles. */
  workerInteractions: (workerId: string) => workerChannel(workerId, "interactions"),
  /**
   * Every push of one worker's streams that concerns one interaction (its offer, its state, its
   * messages): the only channel of a session an invitation link scoped to that interaction.
   */
  workerScoped: (workerId: string, interactionId: string) => `${WORKER_PREFIX}${workerId}/${SCOPED}/${interactionId}`,
  /** What the customer of one chat sees: its state and messages. */
  customerChat: (interactionId: string) => `${CHAT_PREFIX}${interactionId}`,
};

/** The Bayeux channel a connector topic is delivered on. */
export function channelOf(topic: Topic): string {
  return topic.kind === "chat" ? channels.customerChat(topic.interaction) : workerChannel(topic.worker, topic.stream);
}

function workerChannel(workerId: string, topic: WorkerTopic): string {
  return `${WORKER_PREFIX}${workerId}/${topic}`;
}

export type ParsedChannel =
  | { kind: "worker"; workerId: string; topic: WorkerTopic }
  | { kind: "scoped"; workerId: string; interactionId: string }
  | { kind: "customer"; interactionId: string };

/** Who a channel belongs to, or undefined for a channel this helper never builds. */
export function parseChannel(channel: string): ParsedChannel | undefined {
  if (channel.startsWith(CHAT_PREFIX)) {
    const interactionId = channel.slice(CHAT_PREFIX.length);
    if (!interactionId || interactionId.includes("/") || interactionId.includes("*")) return undefined;
    return { kind: "customer", interactionId };
  }
  if (!channel.startsWith(WORKER_PREFIX)) return undefined;
  const rest = channel.slice(WORKER_PREFIX.length).split("/");
  if (rest.length === 3) return parseScoped(channel, rest);
  if (rest.length !== 2) return undefined;
  const [workerId, topic] = rest;
  if (!workerId || workerId.includes("*") || !(WORKER_TOPICS as readonly string[]).includes(topic)) return undefined;
  if (workerChannel(workerId, topic as WorkerTopic) !== channel) return undefined;
  return { kind: "worker", workerId, topic: topic as WorkerTopic };
}

function parseScoped(channel: string, [workerId, scoped, interactionId]: string[]): ParsedChannel | undefined {
  if (scoped !== SCOPED || !workerId || !interactionId || workerId.includes("*") || interactionId.includes("*")) return undefined;
  if (channels.workerScoped(workerId, interactionId) !== channel) return undefined;
  return { kind: "scoped", workerId, interactionId };
}

/**
 * The interaction a push to a worker concerns, if any: such a push is also delivered on that
 * interaction's scoped channel. Presence concerns none (a scoped session never sees it).
 */
export function interactionOfPush(message: PushMessage): string | undefined {
  switch (message.type) {
    case "offer":
      return message.offer.interaction.id;
    case "interaction":
      return message.interaction.id;
    case "offer-extended":
    case "offer-closed":
    case "message":
    case "typing":
    case "interaction-gone":
    case "notice":
      return message.interactionId;
    default:
      return undefined;
  }
}
