/**
 * Change notifications for Teams presence, one Graph subscription per worker signed in through
 * Teams. Graph allows presence subscriptions only on a delegated token, so a worker's is made on
 * behalf of their Teams SSO token (seen at POST /signin/teams and on every bearer request; the
 * newest one is kept), renewed with PATCH before it lapses, made again when renewal says it is
 * gone (404), and deleted when the worker signs out. A worker without one (no Teams token yet, or
 * its token could no longer be exchanged) is simply polled (lib/connector/teams-presence-sync.ts).
 * Only the owner runs this: its notification route is an owner route.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { GraphCallError } from "../graph/graph-failure";
import type { GraphSubscriptionPort } from "../graph/graph-subscriptions";
import type { Logger } from "../observability/logger";

/** Graph keeps a presence subscription at most 60 minutes; ask a little less for clock skew. */
export const SUBSCRIPTION_MINUTES = 55;
/** Renew this long before the end (or at two thirds of a shorter life Graph granted). */
const RENEW_MARGIN_MS = 5 * 60_000;
/** A failed renewal is tried again after this long, until the subscription lapses. */
const RETRY_MS = 30_000;

export interface SubscriptionDeps {
  graph: GraphSubscriptionPort;
  /** The worker's Graph user id (resolved by the sync), or undefined when not synced. */
  userIdOf(workerId: string): Promise<string | undefined>;
  /** `<UCC_PUBLIC_URL>/api/graph/notifications`: https only (Graph refuses http). */
  notificationUrl(): string;
  /** The key clientState is derived from (secrets' "graph-notifications"). */
  key: Buffer;
  logger: Logger;
  now(): number;
}

interface Entry {
  token?: string;
  userId?: string;
  subscription?: { id: string; expiresAt: number };
  timer?: ReturnType<typeof setTimeout>;
  /** The create, renewal or removal under way: one at a time per worker. */
  busy?: Promise<void>;
  creating?: boolean;
  /** When making one last failed (ms): a token seen soon after does not try again at once. */
  failedAt?: number;
}

export function createTeamsPresenceSubscriptions(deps: SubscriptionDeps) {
  const entries = new Map<string, Entry>();
  let stopped = false;
  let toldHttp = false;
  const entry = (workerId: string) => entries.get(workerId) ?? entries.set(workerId, {}).get(workerId)!;
  // NOTE: per Graph user and keyed by the connector's secret: a notification that carries it came
  // from a subscription this connector made for that user, and it cannot be guessed from the id.
  const clientStateOf = (userId: string) => createHmac("sha256", deps.key).update(`graph-presence\n${userId.toLowerCase()}`).digest("base64url");

  function serial(workerId: string, work: (e: Entry) => Promise<void>): Promise<void> {
    const e = entry(workerId);
    const next = (e.busy ?? Promise.resolve()).then(() => (stopped ? undefined : work(e))).catch((error) => {
      deps.logger.warn({ err: error, worker: workerId }, "Teams presence subscription failed (Graph or the on-behalf-of exchange); the worker is polled");
    });
    e.busy = next;
    return next;
  }

  function schedule(workerId: string, e: Entry) {
    clearTimeout(e.timer);
    if (!e.subscription || stopped) return;
    const left = e.subscription.expiresAt - deps.now();
    const wait = Math.max(0, left - Math.min(RENEW_MARGIN_MS, left / 3));
    e.timer = setTimeout(() => void renew(workerId), wait);
    e.timer.unref?.();
  }

  async function create(workerId: string, e: Entry) {
    const notificationUrl = deps.notificationUrl();
    if (new URL(notificationUrl).protocol !== "https:") {
      if (!toldHttp) deps.logger.info("Teams presence: polling only, no change notifications: UCC_PUBLIC_URL is not https (Graph delivers them over https only)");
      toldHttp = true;
      return;
    }
    e.userId ??= await deps.userIdOf(workerId);
    if (!e.userId || !e.token) return;
    const made = await deps.graph.subscribe(e.token, {
      userId: e.userId,
      notificationUrl,
      clientState: clientStateOf(e.userId),
      expiresAt: new Date(deps.now() + SUBSCRIPTION_MINUTES * 60_000),
    });
    e.subscription = made;
    deps.logger.info({ worker: workerId, subscription: made.id, expiresAt: new Date(made.expiresAt).toISOString() }, "Teams presence: change notifications on");
    schedule(workerId, e);
  }

  function renew(workerId: string) {
    return serial(workerId, async (e) => {
      if (!e.subscription || !e.token) return;
      try {
        e.subscription = await deps.graph.renew(e.token, e.subscription.id, new Date(deps.now() + SUBSCRIPTION_MINUTES * 60_000));
        schedule(workerId, e);
      } catch (error) {
        if (error instanceof GraphCallError && error.failure.status === 404) {
          // NOTE: Graph dropped it (it lapsed, or was removed): make a new one with the newest token.
          deps.logger.info({ worker: workerId }, "Teams presence: the subscription is gone; making a new one");
          e.subscription = undefined;
          return create(workerId, e);
        }
        if (e.subscription.expiresAt - deps.now() > RETRY_MS) {
          clearTimeout(e.timer);
          e.timer = setTimeout(() => void renew(workerId), RETRY_MS);
          e.timer.unref?.();
        } else e.subscription = undefined;
        throw error;
      }
    });
  }

  return {
    /** A worker's Teams SSO token, just checked: kept for the next exchange; subscribes if none is live. */
    seen(workerId: string, token: string): void {
      if (stopped) return;
      const e = entry(workerId);
      e.token = token;
      // NOTE: every bearer request shows a token: a refused exchange (no consent) is not retried on each.
      if (e.subscription || e.creating || deps.now() - (e.failedAt ?? -Infinity) < RETRY_MS) return;
      e.creating = true;
      void serial(workerId, async (x) => {
        try {
          if (!x.subscription) await create(workerId, x);
        } catch (error) {
          x.failedAt = deps.now();
          throw error;
        }
      }).finally(() => {
        e.creating = false;
      });
    },
    /** The worker signed out: their subscription is deleted and their token forgotten. */
    signedOut(workerId: string): Promise<void> {
      return serial(workerId, async (e) => {
        clearTimeout(e.timer);
        const { subscription, token } = e;
        entries.delete(workerId);
        if (subscription && token) await deps.graph.remove(token, subscription.id);
      });
    },
    /**
     * Whose notification this is: the worker of a live subscription when its clientState is the
     * one made for that user; "stale" for one of ours no longer known (before a restart: it lapses
     * on its own); "forged" when the clientState is not ours.
     */
    check(subscriptionId: string, clientState: string | undefined, resourceUserId: string | undefined): { workerId: string; userId: string } | "forged" | "stale" {
      const owner = [...entries].find(([, e]) => e.subscription?.id === subscriptionId && e.userId);
      const userId = owner?.[1].userId ?? resourceUserId;
      if (!userId) return "forged";
      const expected = Buffer.from(clientStateOf(userId));
      const given = Buffer.from(clientState ?? "");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "forged";
      return owner ? { workerId: owner[0], userId } : "stale";
    },
    /** Whether the worker's presence comes by notification now (then it is polled less often). */
    live: (workerId: string) => (entries.get(workerId)?.subscription?.expiresAt ?? 0) > deps.now(),
    /** Stops renewing (the subscriptions lapse on Graph's side; a new owner makes its own). */
    stop() {
      stopped = true;
      for (const e of entries.values()) clearTimeout(e.timer);
    },
  };
}

export type TeamsPresenceSubscriptions = ReturnType<typeof createTeamsPresenceSubscriptions>;
