/** The ports connector services depend on, besides the store (lib/store/store.ts). */
import type { PushMessage } from "../protocol";

/** Pushes a message to every subscriber of a channel (the Bayeux server, or a shared bus). */
export interface Notifier {
  publish(channel: string, message: PushMessage): void;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
