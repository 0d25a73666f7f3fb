/**
 * What every node does with the bus: delivers each push to its own Bayeux sessions (then ends
 * the sessions scoped to an interaction that closed), and acts on the control messages nodes send
 * each other (a sign-out, a new owner). With Redis, a reconnection re-syncs this node's windows.
 */
import type { WorkerPrincipal } from "../bayeux/authorizer";
import { interactionOfPush } from "../bayeux/channels";
import type { BayeuxServer } from "../bayeux/faye-server";
import type { Bus } from "../bus/in-process-bus";
import { readControl } from "../cluster/control-messages";
import { scopeOpenIn } from "../connector/interactions/scope-open";
import type { SessionService } from "../connector/sessions";
import type { Logger } from "../observability/logger";
import type { Store } from "../store/store";

export interface BusWiring {
  bus: Bus;
  bayeux: BayeuxServer;
  sessions: SessionService;
  store: Store;
  logger: Logger;
  /** The owner's check of scoped sessions, when this node owns the work now. */
  ownerScopeOpen(): ((principal: WorkerPrincipal) => boolean) | undefined;
}

/** How many scopes that ended a node that does not own the work remembers (oldest forgotten first). */
const CLOSED_SCOPES_KEPT = 10_000;

export function wireBus({ bus, bayeux, sessions, store, logger, ownerScopeOpen }: BusWiring): {
  /**
   * A node that does not own the work: whether a scoped session may still resolve. A scope this
   * node saw end (its window dropped above) does not, so the window cannot handshake again here;
   * any other is left to the owner, which refuses its calls.
   */
  scopeOpenHere(principal: WorkerPrincipal): boolean;
} {
  const closedHere = boundedSet(CLOSED_SCOPES_KEPT);
  // NOTE: once a push about an interaction has gone out (its last one included), the Bayeux
  // sessions scoped to it whose scope ended are dropped; the cookie already stopped resolving.
  // A node that does not own the work reads the interaction from the store to tell.
  const endScopesAfter = async (interactionId: string) => {
    // NOTE: most pushes concern no scoped session here: then nothing to check, no store read.
    if (!bayeux.hasScopedSessions(interactionId)) return;
    const owned = ownerScopeOpen();
    if (owned) return void bayeux.endScopes(interactionId, owned);
    const i = await store.getInteraction(interactionId);
    bayeux.endScopes(interactionId, (p) => {
      const open = p.scopes?.some((s) => s.interaction !== interactionId || scopeOpenIn(i, p.workerId, s)) ?? false;
      if (!open) closedHere.remember(`${p.workerId} ${interactionId}`);
      return open;
    });
  };
  bus.subscribe((topic, message) => {
    const delivered = bayeux.deliver(topic, message);
    const interactionId = topic.kind === "worker" ? interactionOfPush(message) : undefined;
    if (interactionId !== undefined) {
      void delivered.then(() => endScopesAfter(interactionId)).catch((error) => logger.warn({ err: error }, "could not check scoped sessions"));
    }
  });
  bus.onControl((raw) => {
    const message = readControl(raw);
    if (!message) return logger.warn({ type: raw.type }, "unknown control message dropped");
    if (message.type === "drop-worker") bayeux.dropWorker(message.worker);
    else if (message.type === "sessions-ended") sessions.forget("key" in message ? { key: message.key } : { worker: message.worker });
    // NOTE: a new owner may not have announced what its predecessor committed last; every window
    // handshakes again and refetches what it shows (lib/client/use-live-worker.ts).
    else if (message.type === "owner-changed") bayeux.dropAll();
  });
  return {
    scopeOpenHere: (p) => p.scopes?.some((s) => !closedHere.has(`${p.workerId} ${s.interaction}`)) ?? true,
  };
}

function boundedSet(max: number) {
  const keys = new Set<string>();
  return {
    has: (key: string) => keys.has(key),
    remember(key: string) {
      keys.delete(key);
      keys.add(key);
      if (keys.size > max) keys.delete(keys.values().next().value!);
    },
  };
}

/** Pushes published while Redis was away are not replayed: this node's windows re-sync instead. */
export function resyncOnReconnect(onReconnect: (listener: () => void) => void, bayeux: BayeuxServer, logger: Logger): void {
  onReconnect(() => {
    logger.warn("the bus is back: windows on this node re-sync");
    bayeux.dropAll();
  });
}
