/**
 * Sets a worker's presence from any side, keeps it and its report in one transaction, then
 * announces it to the worker's windows (B1-B3).
 */
import { channels } from "../bayeux/channels";
import {
  isReady,
  reportFor,
  type Presence,
  type PresenceMappingOptions,
  type PresenceSource,
} from "../domain/presence";
import { conflict, notFound } from "../errors";
import type { Metrics } from "../observability/metrics";
import { PROTOCOL_VERSION } from "../protocol";
import type { Store, WorkerRecord } from "../store/store";
import type { Clock, Notifier } from "./ports";
import { StepRunner } from "./step-runner";

export interface PresenceServiceDeps {
  store: Store;
  notifier: Notifier;
  clock: Clock;
  metrics: Metrics;
  mapping: PresenceMappingOptions;
  /** presence-sync-mode: whether the UC side may set presence. */
  syncMode: "two-way" | "off";
}

/** Told of every kept change, after it is announced. */
export type PresenceListener = (worker: WorkerRecord, previous: Presence) => void;

export function createPresenceService(deps: PresenceServiceDeps) {
  const { store, notifier, clock, metrics, mapping } = deps;
  const listeners: PresenceListener[] = [];
  // NOTE: two changes at once would both see the old presence and both report; one at a time.
  const steps = new StepRunner(() => store.durable(), notifier);

  function setPresence(workerId: string, presence: Presence, source: PresenceSource): Promise<WorkerRecord> {
    return steps.run(() => applyPresence(workerId, presence, source));
  }

  async function applyPresence(workerId: string, presence: Presence, source: PresenceSource): Promise<WorkerRecord> {
    if (source === "uc" && deps.syncMode === "off") {
      throw conflict("presence synchronisation from the UC side is off (microsoft-ocs presence-sync-mode is \"off\")");
    }
    const current = await store.getWorker(workerId);
    if (!current) throw notFound(`worker "${workerId}"`);
    // NOTE: setting the presence a worker already has is not a change: nothing is reported.
    if (current.presence === presence) return current;

    const report = reportFor(presence, mapping);
    const at = clock.now().toISOString();
    // A worker made Ready starts being idle now: the longest-idle Ready worker is offered first.
    const becameReady = isReady(presence, mapping) && !isReady(current.presence, mapping);
    const result = await store.setPresence(
      workerId,
      presence,
      { at, type: report.type, worker: workerId, reasons: report.reasons },
      becameReady ? at : undefined,
    );
    if (!result) throw notFound(`worker "${workerId}"`);
    metrics.presenceChanges.inc({ presence, source });
    steps.announce(channels.workerPresence(workerId), {
      v: PROTOCOL_VERSION,
      type: "presence",
      presence: result.worker.presence,
      since: result.worker.presenceSince,
    });
    for (const listener of listeners) listener(result.worker, current.presence);
    return result.worker;
  }

  return {
    setPresence,
    onChange(listener: PresenceListener) {
      listeners.push(listener);
    },
    isReady: (presence: Presence) => isReady(presence, mapping),
  };
}

export type PresenceService = ReturnType<typeof createPresenceService>;
