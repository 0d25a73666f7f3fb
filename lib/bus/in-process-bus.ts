/**
 * The bus port's in-process implementation: one connector node, so a publish reaches the local
 * subscribers (the Bayeux server) directly. A shared bus (Redis pub/sub) implements the same two
 * methods to fan pushes out to every node's own Bayeux server.
 */
import type { Notifier, Topic } from "../connector/ports";
import type { PushMessage } from "../protocol";

export interface Bus extends Notifier {
  /** Every message published on any topic from now on reaches `deliver`. */
  subscribe(deliver: (topic: Topic, message: PushMessage) => void): void;
}

export function createInProcessBus(): Bus {
  const subscribers: Array<(topic: Topic, message: PushMessage) => void> = [];
  return {
    publish(topic, message) {
      for (const deliver of subscribers) deliver(topic, message);
    },
    subscribe(deliver) {
      subscribers.push(deliver);
    },
  };
}
