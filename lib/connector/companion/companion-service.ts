/**
 * The desktop companions on the node that owns the work (B11): pairing, the record of each
 * worker's companion, and what their messages mean for calls. Nodes relay companions' sessions
 * and messages here (lib/connector/companion/companion-link.ts); what goes back to a companion
 * is sent to every node, and the one holding its session delivers it.
 */
import type { CompanionDown, CompanionUp } from "../../companion/protocol";
import type { Logger } from "../../observability/logger";
import type { Store } from "../../store/store";
import type { Clock, Notifier } from "../ports";
import { createCompanionRecord, type CompanionRecord } from "./companion-record";
import type { CompanionMetrics } from "./companion-metrics";
import { createPairing, type Pairing } from "./pairing";

export interface CompanionServiceDeps {
  store: Store;
  clock: Clock;
  notifier: Notifier;
  logger: Logger;
  metrics: CompanionMetrics;
  /** Sends to the worker's companion, on whichever node holds its session. */
  send(worker: string, message: CompanionDown): void;
  /** Ends the worker's companion sessions on every node. */
  dropEverywhere(worker: string): void;
}

export interface CompanionService {
  pairing: Pairing;
  record: CompanionRecord;
  /** Forgets the worker's credentials and ends its companion's sessions; resolves with how many credentials there were. */
  unpair(worker: string): Promise<number>;
  sessionChanged(worker: string, clientId: string, open: boolean): void;
  received(worker: string, clientId: string, message: CompanionUp): void;
}

export function createCompanionService(deps: CompanionServiceDeps): CompanionService {
  const pairing = createPairing(deps.store, deps.clock);
  const record = createCompanionRecord(deps);
  return {
    pairing,
    record,
    async unpair(worker) {
      const revoked = await pairing.revoke(worker);
      deps.dropEverywhere(worker);
      return revoked;
    },
    sessionChanged: (worker, clientId, open) => record.sessionChanged(worker, clientId, open),
    received(worker, _clientId, message) {
      record.heard(worker, message);
    },
  };
}
