/**
 * The connector's record of each worker's desktop companion (B11), kept by the node that owns
 * the work from what the nodes holding the sessions relay: connected while a Bayeux session of
 * it lives, its softphone ready or absent, its last heartbeat. Changes are pushed on the worker's
 * presence stream. In memory: after a restart or takeover, companions handshake again and say
 * it all anew (their test and softphone state follow every handshake).
 */
import type { CompanionUp } from "../../companion/protocol";
import { PROTOCOL_VERSION, type CompanionView } from "../../protocol";
import { topics, type Clock, type Notifier } from "../ports";
import type { CompanionMetrics } from "./companion-metrics";

interface Entry {
  sessions: Set<string>;
  softphone: CompanionView["softphone"];
  lastHeartbeatAt?: string;
}

export interface CompanionRecord {
  view(worker: string): CompanionView;
  lastHeartbeatAt(worker: string): string | undefined;
  sessionChanged(worker: string, clientId: string, open: boolean): void;
  /** Keeps what a message says of the companion itself (heartbeat, softphone). */
  heard(worker: string, message: CompanionUp): void;
}

const ABSENT: CompanionView = { connected: false, softphone: "absent" };

export function createCompanionRecord(deps: { notifier: Notifier; clock: Clock; metrics: CompanionMetrics }): CompanionRecord {
  const entries = new Map<string, Entry>();
  const view = (worker: string): CompanionView => {
    const entry = entries.get(worker);
    if (!entry || entry.sessions.size === 0) return ABSENT;
    return { connected: true, softphone: entry.softphone };
  };
  const changed = (worker: string, before: CompanionView) => {
    const after = view(worker);
    if (after.connected === before.connected && after.softphone === before.softphone) return;
    deps.metrics.connected.set([...entries.values()].filter((e) => e.sessions.size > 0).length);
    // NOTE: nothing here is kept on disk, so there is no durability to wait for: pushed at once.
    deps.notifier.publish(topics.presence(worker), { v: PROTOCOL_VERSION, type: "companion", companion: after });
  };
  const entryOf = (worker: string) => {
    let entry = entries.get(worker);
    if (!entry) entries.set(worker, (entry = { sessions: new Set(), softphone: "absent" }));
    return entry;
  };
  return {
    view,
    lastHeartbeatAt: (worker) => entries.get(worker)?.lastHeartbeatAt,
    sessionChanged(worker, clientId, open) {
      const before = view(worker);
      const entry = entryOf(worker);
      if (open) entry.sessions.add(clientId);
      else entry.sessions.delete(clientId);
      // NOTE: a companion gone takes its softphone with it; the next one says its own.
      if (entry.sessions.size === 0) entry.softphone = "absent";
      changed(worker, before);
    },
    heard(worker, message) {
      const before = view(worker);
      const entry = entryOf(worker);
      if (message.type === "heartbeat" || message.type === "test") entry.lastHeartbeatAt = deps.clock.now().toISOString();
      if (message.type === "softphone") entry.softphone = message.state;
      changed(worker, before);
    },
  };
}
