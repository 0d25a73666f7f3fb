/**
 * The bus port's in-process implementation: one connector node, so a publish reaches the local
 * subscribers (the Bayeux server) directly. The Redis bus (lib/bus/redis-bus.ts) implements the
 * same port to fan pushes and control messages out to every node.
 */
import type { Notifier, Topic } from "../connector/ports";
import type { PushMessage } from "../protocol";

/** What one node tells every node (itself included): a sign-out, a new owner. Checked on receipt. */
export interface ControlMessage {
  type: string;
  [key: string]: unknown;
}

export interface Bus extends Notifier {
  /** Every message published on any topic from now on reaches `deliver`. */
  subscribe(deliver: (topic: Topic, message: PushMessage) => void): void;
  /** Sends a control message to every node, this one included. */
  control(message: ControlMessage): void;
  onControl(listener: (message: ControlMessage) => void): void;
}

export function createInProcessBus(): Bus {
  const subscribers: Array<(topic: Topic, message: PushMessage) => void> = [];
  const controls: Array<(message: ControlMessage) => void> = [];
  return {
    publish(topic, message) {
      for (const deliver of subscribers) deliver(topic, message);
    },
    subscribe(deliver) {
      subscribers.push(deliver);
    },
    control(message) {
      for (const listener of controls) listener(message);
    },
    onControl(listener) {
      controls.push(listener);
    },
  };
}
