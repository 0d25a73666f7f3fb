/**
 * The restart grace (routing.restart-grace): for that long after a start, no offer goes out and
 * no timer ends anything, so that the windows open before the stop reconnect first (an offer then
 * goes as a Preview, not an invitation, and nobody is set Away for the connector's outage).
 * Deadlines that fall inside the grace (or passed while the connector was down) move to its end,
 * on disk, so that a reconnecting window's countdown and an invitation's expiry say the same.
 */
import type { Interaction } from "../../domain/interaction";
import type { InteractionContext } from "./context";
import { scheduleWrapUpEnd } from "./finish-interaction";
import { scheduleExpiry } from "./offers/expire-offer";
import { resumeInvitations } from "./offers/offer-delivery";
import { scheduleInviteExpiry } from "./transfers/expire-transfer";

const GRACE_TIMER = "restart-grace";

/** Whether routing holds new offers now, and what waits for the grace to end. */
export class GraceState {
  private until: number | undefined;
  private deferred: Array<() => void> = [];

  holding(): boolean {
    return this.until !== undefined;
  }

  hold(until: number): void {
    this.until = until;
  }

  /** When the grace ends (ISO 8601), once it has begun. */
  endsAt(): string | undefined {
    return this.until !== undefined && Number.isFinite(this.until) ? new Date(this.until).toISOString() : undefined;
  }

  /** Runs `effect` now, or once the grace is over. */
  afterGrace(effect: () => void): void {
    if (this.holding()) this.deferred.push(effect);
    else effect();
  }

  release(): void {
    this.until = undefined;
    for (const effect of this.deferred.splice(0)) effect();
  }
}

const later = (at: string | undefined, floor: string): string | undefined => (at !== undefined && at < floor ? floor : at);

/** The interaction with every deadline before `floor` moved to it; undefined when none moves. */
export function withDeadlinesFrom(i: Interaction, floor: string): Interaction | undefined {
  let next = i;
  if (i.state === "offered" && i.offer && later(i.offer.deadline, floor) !== i.offer.deadline) {
    next = { ...next, offer: { ...i.offer, deadline: floor } };
  }
  if (i.invite?.stage === "offered" && later(i.invite.offer.deadline, floor) !== i.invite.offer.deadline) {
    next = { ...next, invite: { ...i.invite, offer: { ...i.invite.offer, deadline: floor } } };
  }
  if (i.state === "wrap-up" && i.wrapUp?.until && later(i.wrapUp.until, floor) !== i.wrapUp.until) {
    next = { ...next, wrapUp: { ...i.wrapUp, until: floor } };
  }
  return next === i ? undefined : next;
}

/**
 * Starts the timers of everything open (at start, or once the grace has moved their deadlines);
 * a waiting chat's idle timer not before `notBefore` (ms, the grace's end).
 */
export function scheduleOpenTimers(ctx: InteractionContext, open: readonly Interaction[], notBefore = 0): void {
  for (const i of open) {
    ctx.customerIdle.watch(i, notBefore);
    if (i.state === "offered") scheduleExpiry(ctx, i);
    if (i.invite?.stage === "offered") scheduleInviteExpiry(ctx, i);
    if (i.state === "wrap-up") scheduleWrapUpEnd(ctx, i);
  }
}

/**
 * A first start has no windows to wait for: the grace applies when the store holds a worker who
 * was signed in (not Offline) or an interaction still open.
 */
export function graceNeeded(ctx: InteractionContext, workers: readonly { presence: string }[], open: readonly Interaction[]): boolean {
  return ctx.settings.restartGraceSeconds > 0 && (open.length > 0 || workers.some((w) => w.presence !== "offline"));
}

/**
 * Begins the grace now (when the server listens, or at start when a test gives the clock): moves
 * the deadlines inside it to its end, then starts the timers; routing resumes when it is over.
 */
export function beginGrace(ctx: InteractionContext): void {
  const until = ctx.clock.now().getTime() + ctx.settings.restartGraceSeconds * 1000;
  const floor = new Date(until).toISOString();
  ctx.grace.hold(until);
  ctx.steps
    .run("restart-grace", async () => {
      for (const i of ctx.book.list()) {
        const moved = withDeadlinesFrom(i, floor);
        if (moved) await ctx.book.persist({ interaction: moved, events: [] });
      }
      ctx.steps.afterDurable(() => scheduleOpenTimers(ctx, ctx.book.list(), until));
    })
    .catch((error) => {
      // NOTE: the old deadlines stay on disk; the timers still wait for the grace to end.
      ctx.logger.error({ err: error }, "deadlines could not be moved past the restart grace");
      for (const i of ctx.book.list()) scheduleOpenTimers(ctx, [withDeadlinesFrom(i, floor) ?? i], until);
    });
  ctx.timers.schedule(GRACE_TIMER, floor, () => {
    ctx.grace.release();
    ctx.logger.info("restart grace over: routing resumes");
    ctx.kick();
    resumeInvitations(ctx);
  });
  ctx.logger.info({ until: floor }, "restart grace: offers wait for windows to reconnect");
}
