/**
 * Which offers are out as invitations that no window of their worker has shown yet (B7, B8): one
 * that runs out counts as a Reject, one a window has shown as a missed Preview. Kept in memory for
 * the timeout's question and in the store, in the step runner's order, so that the answer is the
 * same after a restart.
 */
import type { Logger } from "../../observability/logger";
import type { InvitationOut } from "../../store/invitation-store";
import type { Store } from "../../store/store";
import type { StepRunner } from "../step-runner";

/** How long after its offer's deadline an entry is forgotten (its timeout has been kept by then). */
const FORGET_AFTER_MS = 60_000;

/**
 * NOTE: a restart grace (routing.restart-grace, at most 300 s) moves a restored offer's passed
 * deadline to its end: an entry restored is kept at least that long after the start, or an
 * invitation sent meanwhile would forget it and its timeout would set the worker Away.
 */
const RESTORED_KEEP_MS = 300_000;

export interface InvitationsOutDeps {
  store: Store;
  steps: StepRunner;
  logger: Logger;
  /** Open windows of a worker now (lib/connector/window-tracker.ts). */
  windows(worker: string): number;
}

export function createInvitationsOut({ store, steps, logger, windows }: InvitationsOutDeps) {
  const unseen = new Map<string, { worker: string; deadline: number }>();
  /** Kept as out with no answer from the gateways when the connector stopped (a crash in between). */
  let unanswered: InvitationOut[] = [];

  /**
   * A failure is logged, not thrown: the invitation still goes, and only a restart before its offer
   * runs out would then count it as a missed Preview instead of a Reject.
   */
  function keep(name: string, write: () => Promise<void>): Promise<void> {
    return steps.run(name, write).catch((error: unknown) => logger.error({ err: error, step: name }, "invitations out could not be kept"));
  }

  return {
    /** Takes back what was out when the connector stopped (before the offers' timers are restored). */
    async restore(now: number): Promise<void> {
      const kept = await store.listInvitationsOut();
      for (const out of kept) {
        unseen.set(out.offer, { worker: out.worker, deadline: Math.max(Date.parse(out.deadline), now + RESTORED_KEEP_MS) });
      }
      unanswered = kept.filter((out) => out.result === undefined);
      if (unseen.size) logger.info({ out: unseen.size, unanswered: unanswered.length }, "invitations out restored");
    },

    /** Once, after the start: the invitations a stop cut off before their answer, not shown in a window since. */
    takeUnanswered(): InvitationOut[] {
      const taken = unanswered.filter((out) => unseen.has(out.offer));
      unanswered = [];
      return taken;
    },

    /** An invitation is about to go for this offer; resolves once that is kept. */
    sending(out: InvitationOut, now: number): Promise<void> {
      const stale = now - FORGET_AFTER_MS;
      for (const [offerId, entry] of unseen) if (entry.deadline < stale) unseen.delete(offerId);
      unseen.set(out.offer, { worker: out.worker, deadline: Date.parse(out.deadline) });
      return keep("invitation-out", async () => {
        await store.forgetInvitationsOutBefore(new Date(stale).toISOString());
        await store.keepInvitationOut(out);
      });
    },

    /** A window of this worker opened: it shows their open offers, so none is unseen any more. */
    seen(worker: string): void {
      let any = false;
      for (const [offerId, entry] of unseen) {
        if (entry.worker === worker) {
          unseen.delete(offerId);
          any = true;
        }
      }
      if (any) void keep("invitation-seen", () => store.forgetInvitationsOut(worker));
    },

    /**
     * The link of this offer's invitation was opened: a window of its worker (scoped to it) shows
     * the Preview now, so one that runs out is a missed Preview, as in any window (B7).
     */
    seenOffer(offerId: string): void {
      if (!unseen.delete(offerId)) return;
      void keep("invitation-opened", () => store.forgetInvitationOut(offerId));
    },

    /**
     * Asked when an offer runs out. NOTE: the entry is kept, not forgotten, here: a timeout whose
     * write fails is tried again and must get the same answer.
     */
    wasUnseen(offerId: string): boolean {
      const entry = unseen.get(offerId);
      return entry !== undefined && windows(entry.worker) === 0;
    },
  };
}
