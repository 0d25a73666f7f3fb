/**
 * Sets a worker's presence from any side, keeps it and its report in one transaction, then
 * announces it to the worker's windows (B1-B3). It runs on the connector's one step runner, so
 * presence changes and routing decisions have one order; a step that causes a presence change
 * (a Preview that ran out) plans it here and commits it with its own writes.
 */
import {
  isReady,
  reportFor,
  type Presence,
  type PresenceMappingOptions,
  type PresenceSource,
} from "../domain/presence";
import { takesFromUc, type PresenceSyncMode } from "../domain/teams-presence";
import { conflict, notFound } from "../errors";
import type { Metrics } from "../observability/metrics";
import { PROTOCOL_VERSION } from "../protocol";
import type { NewEvent, PresenceUpdate, Store, WorkerRecord } from "../store/store";
import { readDurably } from "./durable-read";
import { topics, type Clock } from "./ports";
import type { StepRunner } from "./step-runner";

export interface PresenceServiceDeps {
  store: Store;
  steps: StepRunner;
  clock: Clock;
  metrics: Metrics;
  mapping: PresenceMappingOptions;
  /** presence-sync-mode: the UC side may set presence with two-way and from-uc only. */
  syncMode: PresenceSyncMode;
}

/** Told of every kept change inside the step that made it, before anything else runs. */
export type PresenceListener = (worker: WorkerRecord, previous: Presence, source: PresenceSource) => void;

/** A planned change: what to write (in the caller's transaction) and what it becomes. */
export interface PresenceChange {
  update: PresenceUpdate;
  event: NewEvent;
  previous: Presence;
  next: WorkerRecord;
  source: PresenceSource;
}

export function createPresenceService(deps: PresenceServiceDeps) {
  const { store, steps, clock, metrics, mapping } = deps;
  const listeners: PresenceListener[] = [];

  /** The change from `current` to `presence`, or undefined when it is not a change (nothing is reported). */
  function plan(current: WorkerRecord, presence: Presence, source: PresenceSource): PresenceChange | undefined {
    if (current.presence === presence) return undefined;
    const report = reportFor(presence, mapping);
    const at = clock.now().toISOString();
    // A worker made Ready starts being idle now: the longest-idle Ready worker is offered first.
    const becameReady = isReady(presence, mapping) && !isReady(current.presence, mapping);
    const idleSince = becameReady ? at : undefined;
    return {
      update: { worker: current.id, presence, at, ...(idleSince ? { idleSince } : {}) },
      event: { at, type: report.type, worker: current.id, reasons: report.reasons },
      previous: current.presence,
      next: { ...current, presence, presenceSince: at, idleSince: idleSince ?? current.idleSince },
      source,
    };
  }

  /** After a planned change is written: count it, announce it, tell the listeners (routing). */
  function applied(change: PresenceChange): void {
    metrics.presenceChanges.inc({ presence: change.update.presence, source: change.source });
    steps.announce(topics.presence(change.next.id), {
      v: PROTOCOL_VERSION,
      type: "presence",
      presence: change.next.presence,
      since: change.next.presenceSince,
    });
    for (const listener of listeners) listener(change.next, change.previous, change.source);
  }

  function setPresence(workerId: string, presence: Presence, source: PresenceSource): Promise<WorkerRecord> {
    return steps.run("presence", async () => {
      if (source === "uc" && !takesFromUc(deps.syncMode)) {
        throw conflict(`presence synchronisation from the UC side is off (microsoft-ocs presence-sync-mode is "${deps.syncMode}")`);
      }
      const current = await store.getWorker(workerId);
      if (!current) throw notFound(`worker "${workerId}"`);
      const change = plan(current, presence, source);
      if (!change) return current;
      const { update } = change;
      const result = await store.setPresence(workerId, update.presence, change.event, update.idleSince);
      if (!result) throw notFound(`worker "${workerId}"`);
      applied(change);
      return result.worker;
    });
  }

  return {
    setPresence,
    plan,
    applied,
    /** A worker as kept on disk, or undefined for an unknown one. */
    get: (workerId: string) => readDurably(store, () => store.getWorker(workerId)),
    onChange(listener: PresenceListener) {
      listeners.push(listener);
    },
    isReady: (presence: Presence) => isReady(presence, mapping),
  };
}

export type PresenceService = ReturnType<typeof createPresenceService>;
