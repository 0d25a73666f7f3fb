/**
 * What a Graph change-notification batch does: every notification is checked before any is
 * applied (one whose clientState is not ours refuses the whole batch: it is a forgery, and none of
 * it is believed); those of live subscriptions are applied afterwards, through the poll's own path
 * (lib/connector/teams-presence-sync.ts `notified`), so Graph's 3 s answer never waits on Graph.
 */
import type { GraphPresence } from "../domain/teams-presence";
import type { Logger } from "../observability/logger";
import type { TeamsPresenceSubscriptions } from "./teams-presence-subscriptions";
import type { TeamsPresenceSync } from "./teams-presence-sync";

export interface PresenceNotification {
  subscriptionId: string;
  clientState?: string | null;
  resource: string;
  resourceData?: { id?: string | null; availability?: string; activity?: string };
}

export interface GraphNotifications {
  /** false: a notification's clientState is not ours (refuse the batch); true: accepted, applied afterwards. */
  receive(batch: readonly PresenceNotification[]): boolean;
}

export function createGraphNotifications(deps: {
  subscriptions: TeamsPresenceSubscriptions;
  sync: Pick<TeamsPresenceSync, "notified">;
  userOf(resource: string): string | undefined;
  logger: Logger;
}): GraphNotifications {
  return {
    receive(batch) {
      const checked = batch.map((n) => ({ n, owner: deps.subscriptions.check(n.subscriptionId, n.clientState ?? undefined, n.resourceData?.id ?? deps.userOf(n.resource)) }));
      if (checked.some((c) => c.owner === "forged")) {
        deps.logger.warn({ notifications: batch.length }, "Teams presence: a change notification with a clientState not ours was refused");
        return false;
      }
      for (const { n, owner } of checked) {
        // NOTE: "stale": a subscription of ours made before a restart; it lapses on its own, the poll covers it.
        if (owner === "forged" || owner === "stale") continue;
        const data = n.resourceData;
        const presence: GraphPresence | undefined = data?.availability && data.activity ? { availability: data.availability, activity: data.activity } : undefined;
        void deps.sync.notified(owner.workerId, presence).catch((error: unknown) => {
          deps.logger.warn({ err: error, worker: owner.workerId }, "Teams presence: a change notification could not be applied; the next poll catches up");
        });
      }
      return true;
    },
  };
}
