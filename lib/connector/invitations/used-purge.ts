/**
 * Forgets used invitation tokens once they can no longer be valid (issue 15): a token past its
 * expiry is refused as expired before "used" is asked, so keeping its id any longer only grows
 * the table. Run at start and then on a cheap timer that never keeps the process alive.
 */
import type { Logger } from "../../observability/logger";
import type { InvitationStore } from "../../store/invitation-store";
import type { Clock } from "../ports";

/** How often expired used tokens are forgotten: often enough to keep the table small. */
export const USED_PURGE_INTERVAL_MS = 10 * 60 * 1000;

export interface UsedPurge {
  /** Forgets what expired by now; resolves with how many ids went. */
  runOnce(): Promise<number>;
  stop(): void;
}

export function startUsedPurge(deps: { store: Pick<InvitationStore, "purgeInvitationsUsed">; clock: Clock; logger: Logger; intervalMs?: number }): UsedPurge {
  const runOnce = async () => {
    try {
      const purged = await deps.store.purgeInvitationsUsed(deps.clock.now().toISOString());
      if (purged) deps.logger.info({ purged }, "expired used invitation tokens forgotten");
      return purged;
    } catch (error) {
      // NOTE: a failed purge is retried by the next tick; it never stops the connector.
      deps.logger.warn({ err: error }, "used invitation tokens could not be purged");
      return 0;
    }
  };
  const timer = setInterval(() => void runOnce(), deps.intervalMs ?? USED_PURGE_INTERVAL_MS);
  timer.unref?.();
  return { runOnce, stop: () => clearInterval(timer) };
}
