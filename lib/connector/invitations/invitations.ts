/**
 * IM invitations for workers with no window open (B7, B8). When an offer is made to such a
 * worker, an invitation with a single-use link goes out through the configured gateways, off the
 * step runner (routing never waits for a gateway); its outcome is reported as InvitationSent or
 * InvitationFailed. Opening the link shows a page (check); its Open button (redeem) uses the token,
 * and the route signs the worker in for that offer only and lands on /extension with the Preview. An invitation that nobody opened in time counts as a Reject
 * (./invitations-out.ts keeps which ones are out, across restarts too).
 */
import type { Interaction, OpenOffer } from "../../domain/interaction";
import { inviteMessage } from "../../i18n/invite-messages";
import { supportedLocale } from "../../i18n/resolve-locale";
import type { GatewayChain } from "../../im/gateway-chain";
import type { Invitation } from "../../im/gateway";
import type { ImMetrics } from "../../im/im-metrics";
import type { Logger } from "../../observability/logger";
import type { Store } from "../../store/store";
import type { OfferInviter } from "../interactions/offers/offer-delivery";
import type { Clock } from "../ports";
import type { StepRunner } from "../step-runner";
import type { InvitationClaims, InvitationTokens } from "./invitation-token";
import { createInvitationsOut } from "./invitations-out";
import { startUsedPurge, type UsedPurge } from "./used-purge";

/** The path an invitation link opens; the token rides in its `invitation` query parameter. */
export const INVITATION_PATH = "/extension";

/** An invitation cut off by a restart is sent again only with this much of its offer's time left. */
export const RESEND_MIN_LEFT_MS = 5_000;

export interface InvitationsDeps {
  store: Store;
  steps: StepRunner;
  clock: Clock;
  logger: Logger;
  metrics: ImMetrics;
  chain: GatewayChain;
  tokens: InvitationTokens;
  inviteMessage: string;
  workers: readonly { id: string; name: string; jid?: string; upn?: string }[];
  /** Where people reach the connector (UCC_PUBLIC_URL, or the URL it listens on). */
  publicUrl(): string;
  /** Open windows of a worker now (lib/connector/window-tracker.ts). */
  windows(worker: string): number;
}

export type Redemption =
  | { ok: true; claims: InvitationClaims; checkedAt: Date }
  | { ok: false; reason: "invalid" | "expired" | "used" | "other-worker" };

export function createInvitations(deps: InvitationsDeps) {
  const { store, steps, clock, logger, metrics } = deps;
  const workers = new Map(deps.workers.map((w) => [w.id, w]));
  const out = createInvitationsOut({ store, steps, logger, windows: deps.windows });
  const inFlight = new Set<Promise<void>>();
  let closed = false;
  let purge: UsedPurge | undefined;

  function linkFor(token: string): string {
    return `${deps.publicUrl()}${INVITATION_PATH}?invitation=${encodeURIComponent(token)}`;
  }


  /** The outcome, and the answer kept on the invitation out in the same commit (a restart then knows it came). */
  async function report(type: "InvitationSent" | "InvitationFailed", offer: string, interaction: string | undefined, worker: string, reasons: Record<string, string>) {
    if (closed) return;
    await steps.run("invitation-report", async () => {
      await store.appendEvent({ at: clock.now().toISOString(), type, worker, ...(interaction ? { interaction } : {}), reasons });
      await store.settleInvitationOut(offer, type === "InvitationSent" ? "sent" : "failed");
    });
  }

  async function deliver(i: Interaction, offer: OpenOffer, unworded: Omit<Invitation, "text" | "locale">): Promise<void> {
    const worker = unworded.worker.id;
    // The default invite-message in the worker's chosen language (the configured one as it is).
    const language = (await store.getWorker(worker))?.language;
    const invitation: Invitation = { ...unworded, text: inviteMessage(deps.inviteMessage, language), locale: supportedLocale(language) ?? "en" };
    const outcome = await deps.chain.deliver(invitation);
    if (outcome.delivered) {
      metrics.invitations.inc({ outcome: "sent" });
      logger.info({ worker, interaction: i.id, gateway: outcome.gateway }, "invitation sent");
      await report("InvitationSent", offer.id, i.id, worker, { gateway: outcome.gateway });
    } else {
      metrics.invitations.inc({ outcome: "failed" });
      const reason = outcome.failures.map((f) => `${f.gateway}: ${f.reason}`).join("; ").slice(0, 500);
      logger.warn({ worker, interaction: i.id, reason }, "invitation failed on every gateway; the offer runs on to its deadline");
      await report("InvitationFailed", offer.id, i.id, worker, { gateways: outcome.failures.map((f) => f.gateway).join(","), reason });
    }
  }

  /**
   * Checks an invitation token without using it (the GET of its link: a link scanner may be
   * the one asking). `signedIn` is the worker the browser is signed in as, if any;
   * `isOfferOpen` asks the interactions whether the offer is still open to its worker.
   */
  async function check(token: string, signedIn: string | undefined, isOfferOpen: (claims: InvitationClaims) => Promise<boolean>): Promise<Redemption> {
    const checkedAt = clock.now();
    const verified = deps.tokens.verify(token, checkedAt);
    if (!verified.ok) return { ok: false, reason: verified.reason };
    const { claims } = verified;
    if (!workers.has(claims.worker)) return { ok: false, reason: "invalid" };
    if (signedIn !== undefined && signedIn !== claims.worker) return { ok: false, reason: "other-worker" };
    if (await store.isInvitationUsed(claims.id)) return { ok: false, reason: "used" };
    if (!(await isOfferOpen(claims))) return { ok: false, reason: "expired" };
    return { ok: true, claims, checkedAt };
  }

  const inviter: OfferInviter = {
    hasWindow: (worker) => deps.windows(worker) > 0,

    invite(i, offer) {
      const worker = workers.get(offer.worker);
      // NOTE: a window may have opened since the offer was kept: it shows the Preview (B8).
      if (!worker || closed || deps.windows(worker.id) > 0) return;
      const { token } = deps.tokens.issue({ worker: worker.id, interaction: i.id, offer: offer.id, expiresAt: offer.deadline });
      const invitation: Omit<Invitation, "text" | "locale"> = {
        worker: { id: worker.id, name: worker.name, ...(worker.jid ? { jid: worker.jid } : {}), ...(worker.upn ? { upn: worker.upn } : {}) },
        link: linkFor(token),
        publicUrl: deps.publicUrl(),
        offer: offer.id,
        expiresAt: offer.deadline,
        interaction: { id: i.id, media: i.media, from: i.from, subject: i.subject },
      };
      // NOTE: kept before it leaves, so that a restart still counts it as an invitation.
      const running = out
        .sending({ offer: offer.id, worker: worker.id, deadline: offer.deadline, interaction: i.id }, clock.now().getTime())
        .then(() => deliver(i, offer, invitation))
        .catch((error: unknown) => logger.error({ err: error, worker: worker.id, interaction: i.id }, "invitation could not be reported"))
        .finally(() => inFlight.delete(running));
      inFlight.add(running);
    },

    wasUnseenInvitation: (offerId) => out.wasUnseen(offerId),

    offerClosed(worker, offerId, outcome) {
      // NOTE: only a gateway that can change what it sent (the Teams card) cares.
      if (closed || !deps.chain.gateways.some((g) => g.ended)) return;
      // NOTE: off the step runner, as sending is: an offer's end never waits for a gateway.
      const running = store
        .getWorker(worker)
        .then((kept) => deps.chain.ended({ offer: offerId, worker, outcome, locale: supportedLocale(kept?.language) ?? "en" }))
        .catch((error: unknown) => logger.error({ err: error, worker, offer: offerId }, "the end of an invitation's offer could not be told"))
        .finally(() => inFlight.delete(running));
      inFlight.add(running);
    },

    afterRestart(findOpen) {
      const now = clock.now().getTime();
      for (const kept of out.takeUnanswered()) {
        const open = findOpen(kept.offer);
        // NOTE: sent again (a new token for the same offer) while it can still be answered; a
        // failure is reported, never dropped, and the offer's timeout still counts it as a Reject.
        if (open && Date.parse(open.offer.deadline) - now >= RESEND_MIN_LEFT_MS) {
          logger.info({ worker: kept.worker, interaction: open.interaction.id }, "invitation cut off by a restart: sent again");
          inviter.invite(open.interaction, open.offer);
          continue;
        }
        metrics.invitations.inc({ outcome: "failed" });
        logger.warn({ worker: kept.worker, interaction: kept.interaction }, "invitation cut off by a restart and its offer cannot be answered any more");
        const reported = report("InvitationFailed", kept.offer, kept.interaction, kept.worker, { reason: "connector restarted" }).catch((error: unknown) =>
          logger.error({ err: error, worker: kept.worker }, "invitation could not be reported"),
        );
        const running = reported.finally(() => inFlight.delete(running));
        inFlight.add(running);
      }
    },
  };

  return {
    inviter,

    /** Takes back the invitations that were out when the connector stopped (before routing starts). */
    async restore(): Promise<void> {
      await out.restore(clock.now().getTime());
      purge ??= startUsedPurge({ store, clock, logger });
      await purge.runOnce();
    },

    /** From the window tracker: a window that opens shows the worker's open offers (B8). */
    windowsChanged(worker: string, count: number): void {
      if (count > 0 && !closed) out.seen(worker);
    },

    check,

    /**
     * Checks and uses an invitation token (the POST of its page's Open button): once only, kept
     * on disk before it answers. Marks the invitation seen: its link shows the Preview.
     */
    async redeem(token: string, signedIn: string | undefined, isOfferOpen: (claims: InvitationClaims) => Promise<boolean>): Promise<Redemption> {
      const checked = await check(token, signedIn, isOfferOpen);
      if (!checked.ok) return checked;
      const { claims } = checked;
      const first = await store.useInvitation(claims.id, { worker: claims.worker, offer: claims.offer, at: clock.now().toISOString(), expiresAt: claims.expiresAt });
      await store.durable();
      if (!first) return { ok: false, reason: "used" };
      out.seenOffer(claims.offer);
      logger.info({ worker: claims.worker, interaction: claims.interaction }, "invitation opened");
      return checked;
    },

    /**
     * Stops reporting and closes the gateways' connections. A delivery under way (a webhook's
     * retries) is not waited for: its outcome is no longer kept, and the offer it was for is
     * restored from the store at the next start.
     */
    async close(): Promise<void> {
      closed = true;
      purge?.stop();
      await deps.chain.close();
    },

    /** Resolves when the deliveries under way have finished (tests). */
    async settled(): Promise<void> {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
  };
}

export type Invitations = ReturnType<typeof createInvitations>;
