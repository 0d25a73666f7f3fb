/** The ports connector services depend on, besides the store (lib/store/store.ts). */
import type { PushMessage } from "../protocol";

/** What a push is about. Adapters map topics to their own addresses (Bayeux channels, bus keys). */
export type Topic =
  | { kind: "worker"; worker: string; stream: WorkerStream }
  | { kind: "chat"; interaction: string };

/** A worker's three streams: presence, offers (Previews), accepted interactions. */
export type WorkerStream = "presence" | "offers" | "interactions";

export const topics = {
  /** Presence changes of one worker, from any source. */
  presence: (worker: string): Topic => ({ kind: "worker", worker, stream: "presence" }),
  /** Offers (Previews) and their outcomes for one worker. */
  offers: (worker: string): Topic => ({ kind: "worker", worker, stream: "offers" }),
  /** State changes and messages of the interactions one worker handles. */
  interactions: (worker: string): Topic => ({ kind: "worker", worker, stream: "interactions" }),
  /** What the customer of one chat sees. */
  chat: (interaction: string): Topic => ({ kind: "chat", interaction }),
};

/**
 * Pushes a message to whoever listens to a topic: the local Bayeux server through the in-process
 * bus today; every node's Bayeux server through a shared bus when several nodes run.
 */
export interface Notifier {
  publish(topic: Topic, message: PushMessage): void;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
