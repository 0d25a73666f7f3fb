/**
 * Teams presence is the UC side of B2/B3. From UC: every poll (and at start, to catch up after a
 * restart) reads each worker's Teams presence with getPresencesByUserId; one that changed since the
 * last read, and is not the session presence the connector wrote itself, is applied as a presence
 * change from the UC side (the PUT /api/v1/workers/{id}/presence path); a change notification
 * (lib/connector/teams-presence-notifications.ts) takes the same path at once, and a worker whose
 * subscription is live is then polled only as a catch-up (SUBSCRIBED_POLL_EVERY). To UC: a change made in
 * the web client or by the connector (after-call work, Away after a missed Preview) is written as
 * the connector's session presence with setPresence, renewed while it holds. presence-sync-mode
 * decides which directions run. Graph down or throttled: routing keeps the connector's presence,
 * rounds are retried with backoff (Retry-After honoured), and the sync state says so.
 */
import { fromGraph, samePresence, takesFromUc, toGraph, writesToUc, type GraphPresence, type PresenceSyncMode, type TeamsPresenceMap } from "../domain/teams-presence";
import type { Presence } from "../domain/presence";
import { AppError } from "../errors";
import { GraphCallError } from "../graph/graph-failure";
import type { GraphMetrics } from "../graph/graph-metrics";
import type { GraphPresencePort } from "../graph/graph-port";
import type { Logger } from "../observability/logger";
import type { Store } from "../store/store";
import type { Clock } from "./ports";
import type { PresenceService } from "./presence-service";
import type { StepRunner } from "./step-runner";
import { createTeamsSyncState } from "./teams-sync-state";

/** Minutes a written session presence lasts (Graph takes PT5M-PT4H): bounds a stale one after a crash. */
export const SESSION_EXPIRATION_MINUTES = 15;
/** A session presence still held is written again after this long, before it runs out. */
const RENEW_AFTER_MS = 10 * 60_000;
/** A worker with a live change-notification subscription is read on one poll in this many. */
export const SUBSCRIBED_POLL_EVERY = 10;
/** The first retry after a failed round; doubled per failure up to the poll interval. */
const BACKOFF_START_MS = 1_000;

export interface TeamsPresenceSyncDeps {
  graph: GraphPresencePort;
  presence: PresenceService;
  steps: StepRunner;
  store: Store;
  clock: Clock;
  logger: Logger;
  metrics: GraphMetrics;
  /** `oidc-subject` with Entra's tid+oid names the Graph user at once (no lookup). */
  workers: ReadonlyArray<{ id: string; upn?: string; "oidc-subject"?: { tid: string; oid: string } | { iss: string; sub: string } }>;
  map: TeamsPresenceMap;
  mode: PresenceSyncMode;
  pollSeconds: number;
  /** Whether a worker's presence comes by change notification now (lib/connector/teams-presence-subscriptions.ts). */
  subscribed?(workerId: string): boolean;
}

interface Synced {
  id: string;
  upn: string;
  userId?: string;
  /** The Teams presence read last (undefined before the first read: the first read catches up). */
  seen?: GraphPresence;
  /** The session presence last written, and when. */
  written?: GraphPresence | "clear";
  writtenAt?: number;
  /** A connector presence still to be written. */
  pending?: Presence;
  /** When its presence was last read (ms). */
  readAt?: number;
  /** Since the start, nothing written yet: the stored presence is written again (a restart lost what we held). */
  restoring?: boolean;
}

const entraOid = (subject: string) => subject.split("/")[1];
const asGraph = (presence: Presence) => {
  const pair = toGraph(presence);
  return pair === "clear" ? undefined : pair;
};

export function createTeamsPresenceSync(deps: TeamsPresenceSyncDeps) {
  const { graph, logger } = deps;
  const synced = new Map<string, Synced>(
    deps.workers
      .filter((w) => w.upn)
      .map((w) => {
        const subject = w["oidc-subject"];
        return [w.id, { id: w.id, upn: w.upn!, ...(subject && "oid" in subject ? { userId: subject.oid } : {}) }];
      }),
  );
  const state = createTeamsSyncState({ steps: deps.steps, clock: deps.clock, metrics: deps.metrics, workers: () => [...synced.keys()] });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let failures = 0;
  let catchUpDone = false;
  /** After a failure, no round before this time (ms): backoff and Retry-After hold even against a kick. */
  let notBefore = 0;
  /** Whether the next round reads Teams presence (the timer's rounds do; a presence change's do not). */
  let wantPoll = false;

  deps.presence.onChange((worker, _previous, source) => {
    const entry = synced.get(worker.id);
    if (!entry) return;
    // NOTE: a change that came from Teams is never echoed back; it also makes an older unsent one moot.
    if (source === "uc") delete entry.pending;
    else if (writesToUc(deps.mode)) {
      entry.pending = worker.presence;
      kick(false);
    }
  });

  async function resolve(entry: Synced): Promise<void> {
    if (entry.userId) return;
    // NOTE: a worker signed in with Teams SSO or Entra OIDC is bound to tid+oid: the oid is the Graph user id.
    const binding = await deps.store.getIdentityBinding(entry.id, "entra");
    entry.userId = binding ? entraOid(binding.subject) : await graph.userIdOf(entry.upn);
  }

  async function write(entry: Synced, now: number): Promise<void> {
    if (entry.restoring && entry.userId) {
      // NOTE: after a restart the session presence written before it lapses within
      // SESSION_EXPIRATION_MINUTES and nothing renews it: write it again now. An offline worker's
      // is not cleared: it expires on its own, and a clear per worker at start spends quota.
      const current = entry.pending === undefined ? await deps.presence.get(entry.id) : undefined;
      if (current && current.presence !== "offline") entry.pending = current.presence;
      delete entry.restoring;
    }
    const due = entry.pending !== undefined || (entry.written !== undefined && entry.written !== "clear" && now - (entry.writtenAt ?? 0) >= RENEW_AFTER_MS);
    if (!due || !entry.userId) return;
    const target = entry.pending !== undefined ? toGraph(entry.pending) : entry.written!;
    if (target === "clear") await graph.clearPresence(entry.userId);
    else await graph.setPresence(entry.userId, target, SESSION_EXPIRATION_MINUTES);
    entry.written = target;
    entry.writtenAt = now;
    delete entry.pending;
  }

  async function read(entries: Synced[], now = deps.clock.now().getTime()): Promise<void> {
    // NOTE: a worker whose presence comes by change notification is read only every
    // SUBSCRIBED_POLL_EVERY polls: the catch-up for a missed notification, at a fraction of the quota.
    const due = entries.filter((e) => e.userId && (!deps.subscribed?.(e.id) || now - (e.readAt ?? 0) >= SUBSCRIBED_POLL_EVERY * deps.pollSeconds * 1000));
    if (due.length === 0) return;
    const readings = new Map((await graph.presences(due.map((e) => e.userId!))).map((r) => [r.id.toLowerCase(), r]));
    for (const entry of due) {
      entry.readAt = now;
      const reading = readings.get(entry.userId!.toLowerCase());
      if (reading) await apply(entry, { availability: reading.availability, activity: reading.activity });
    }
  }

  /** Teams presence as read or notified: a change is taken from the UC side (the poll's and the notifications' one path). */
  async function apply(entry: Synced, now: GraphPresence): Promise<void> {
    const changed = !samePresence(entry.seen, now);
    entry.seen = now;
    // NOTE: a change not yet written wins over what Teams said before it.
    if (!changed || entry.pending !== undefined) return;
    const presence = fromGraph(deps.map, now);
    if (!presence) return;
    const current = await deps.presence.get(entry.id);
    if (!current || current.presence === presence) return;
    // NOTE: what the connector would write for its own presence, read back, is no news: it
    // would undo a finer choice (be-right-back read back as away, after-call work as busy).
    if (samePresence(asGraph(current.presence), now)) return;
    await deps.presence.setPresence(entry.id, presence, "uc").catch((error) => {
      if (!(error instanceof AppError)) throw error;
    });
  }

  /** One round: ids, pending writes and renewals, then (a poll) the read and catch-up. Throws the first failure. */
  async function round(poll: boolean): Promise<void> {
    const entries = [...synced.values()];
    let failure: unknown;
    const attempt = async (what: string, fn: () => Promise<void>) => {
      try {
        await fn();
      } catch (error) {
        // NOTE: Graph refused this request itself (400, 403, 404): retrying will not help; say it once per round.
        if (error instanceof GraphCallError && error.failure.outcome === "refused") logger.warn({ err: error }, `Teams presence: ${what} refused by Graph`);
        else failure ??= error;
      }
    };
    for (const entry of entries) await attempt(`looking up ${entry.upn}`, () => resolve(entry));
    if (writesToUc(deps.mode)) {
      const now = deps.clock.now().getTime();
      for (const entry of entries) await attempt(`writing ${entry.id}'s presence`, () => write(entry, now));
    }
    if (poll && takesFromUc(deps.mode) && failure === undefined) await attempt("reading presence", () => read(entries));
    if (failure !== undefined) throw failure;
  }

  function schedule(ms: number) {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => kick(true), ms);
    timer.unref?.();
  }

  /**
   * Runs a round now, or once the one under way ends. `poll`: a full round (the timer's); else only
   * the writes (a presence change): NOTE: reading every worker on each change would spend Graph's
   * presence quota (1,500 requests per 30 s per tenant) on news the next poll brings anyway.
   */
  function kick(poll: boolean) {
    if (stopped) return;
    wantPoll ||= poll;
    // NOTE: after a failure, a presence change waits for the backoff too (Retry-After holds); and
    // a timer may fire a millisecond early: it is armed again for what is left.
    const early = notBefore - Date.now();
    if (early > 0) return schedule(early);
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        const polling = wantPoll;
        wantPoll = false;
        try {
          await round(polling);
          failures = 0;
          // NOTE: in sync again only once a poll has read and applied Teams presence.
          if (polling) {
            catchUpDone = true;
            state.succeeded();
            schedule(deps.pollSeconds * 1000);
          }
        } catch (error) {
          failures += 1;
          state.failed();
          const retryAfter = error instanceof GraphCallError ? (error.failure.retryAfterMs ?? 0) : 0;
          const backoff = Math.min(deps.pollSeconds * 1000, BACKOFF_START_MS * 2 ** (failures - 1));
          // NOTE: jitter, so that several connectors of one tenant do not retry in step.
          const wait = Math.max(retryAfter, backoff * (0.8 + Math.random() * 0.4));
          if (failures === 1 || failures % 20 === 0) logger.warn({ err: error, failures, retryInMs: Math.round(wait) }, "Teams presence is not in sync; retrying");
          notBefore = Date.now() + wait;
          wantPoll = true;
          schedule(wait);
          again = false;
        }
      } while (again && !stopped);
      running = undefined;
    })();
  }

  return {
    /** Reads every worker's Teams presence now (catch-up) and then every poll-seconds. */
    start() {
      if (synced.size === 0 || deps.mode === "off") return;
      if (writesToUc(deps.mode)) for (const entry of synced.values()) entry.restoring = true;
      kick(true);
    },
    /** Stops polling and writing; resolves once a round under way has ended. */
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
    /** ISO time since which a synced worker's Teams presence is out of sync, or null (in sync, or not synced). */
    outOfSyncSince: (workerId: string): string | null => (synced.has(workerId) ? state.outOfSyncSince() : null),
    /** The worker's Graph user id, looked up if need be; undefined when not synced. */
    async userIdOf(workerId: string): Promise<string | undefined> {
      const entry = synced.get(workerId);
      if (!entry) return undefined;
      await resolve(entry);
      return entry.userId;
    },
    /**
     * A change notification for this worker: its presence as notified, else (no resourceData)
     * read now. NOTE: ignored while the sync does not take Teams presence (to-uc, off).
     */
    async notified(workerId: string, presence: GraphPresence | undefined): Promise<void> {
      const entry = synced.get(workerId);
      if (!entry?.userId || !takesFromUc(deps.mode) || stopped) return;
      const now = presence ?? (await graph.presences([entry.userId])).find((r) => r.id.toLowerCase() === entry.userId!.toLowerCase());
      if (now) await apply(entry, { availability: now.availability, activity: now.activity });
    },
    /** Whether the first full round has been applied (for logs and tests). */
    caughtUp: () => catchUpDone,
  };
}

export type TeamsPresenceSync = ReturnType<typeof createTeamsPresenceSync>;
