/**
 * A customer chat that no one ends (routing.customer-idle-timeout): a queued or offered chat with
 * no customer activity (its creation, a message, typing) for that long is abandoned, as if the
 * customer had left: InteractionAbandoned {reason: "customer-idle"}, the open offer withdrawn from
 * the worker's window, the customer's page told. An active chat is never abandoned this way.
 *
 * The last activity is kept on the interaction (customerActiveAt) so that the timer is rebuilt
 * after a restart; typing, which comes often, is written at most once per ACTIVITY_WRITE_MS and
 * otherwise only remembered, so a chat may be abandoned that much early after a restart at worst.
 */
import * as lifecycle from "../../domain/interaction";
import type { Interaction } from "../../domain/interaction";
import { event, type InteractionContext } from "./context";
import { EXPIRY_RETRY_MS } from "./offers/expire-offer";

/** Typing moves the kept last activity at most this often (a message always does). */
export const ACTIVITY_WRITE_MS = 15_000;

const key = (interactionId: string) => `customer-idle:${interactionId}`;
const waiting = (i: Interaction | undefined): i is Interaction => i !== undefined && i.media === "chat" && (i.state === "queued" || i.state === "offered");

export function createCustomerIdle(ctx: InteractionContext) {
  const idleMs = ctx.settings.customerIdleSeconds * 1000;
  /** Activity seen but not written (typing between two writes), by interaction. */
  const seen = new Map<string, number>();

  const lastActivity = (i: Interaction) => Math.max(Date.parse(i.customerActiveAt ?? i.createdAt), seen.get(i.id) ?? 0);

  /**
   * (Re)starts the chat's idle timer from its last activity, not before `notBefore` (ms; the end
   * of a restart grace, a retry); none for a call, an active chat, or with the option off.
   */
  function watch(i: Interaction, notBefore = 0): void {
    if (!idleMs || !waiting(i)) return;
    const at = new Date(Math.max(lastActivity(i) + idleMs, notBefore)).toISOString();
    ctx.timers.schedule(key(i.id), at, () => {
      ctx.steps.run("customer-idle", () => abandonIfIdle(i.id)).catch((error) => {
        ctx.logger.error({ err: error, interaction: i.id }, "an idle chat could not be abandoned; trying again");
        const current = ctx.book.openOne(i.id);
        if (waiting(current)) watch(current, ctx.clock.now().getTime() + EXPIRY_RETRY_MS);
      });
    });
  }

  async function abandonIfIdle(interactionId: string): Promise<void> {
    const i = ctx.book.openOne(interactionId);
    if (!waiting(i)) {
      seen.delete(interactionId);
      return;
    }
    const now = ctx.clock.now();
    // NOTE: activity since the timer was set (typing not yet written) starts the wait again.
    if (now.getTime() < lastActivity(i) + idleMs) return watch(i);
    const result = lifecycle.end(i, now);
    if (result.refused) return;
    const at = now.toISOString();
    const abandoned: Interaction = { ...result.interaction, abandonedFor: "customer-idle" };
    await ctx.book.persist({
      interaction: abandoned,
      closedOffer: result.closedOffer,
      events: [event("InteractionAbandoned", i, i.worker, at, { reason: "customer-idle" })],
    });
    seen.delete(i.id);
    const closed = result.closedOffer;
    if (closed) {
      ctx.steps.afterDurable(() => ctx.timers.cancel(closed.id));
      ctx.board.release(closed.worker, i.media);
      ctx.announce.offerClosed(i, closed);
    }
    ctx.announce.state(abandoned);
    ctx.logger.info({ interaction: i.id }, "chat abandoned: no customer activity");
    if (closed) ctx.kick();
  }

  /** The customer wrote in a waiting chat (inside the message's step): the time is kept with it. */
  async function touched(i: Interaction): Promise<void> {
    if (!idleMs || !waiting(i)) return;
    const now = ctx.clock.now();
    seen.set(i.id, now.getTime());
    await ctx.book.persist({ interaction: { ...i, customerActiveAt: now.toISOString() }, events: [] });
  }

  /**
   * The customer typed in a waiting chat (outside any step: waiting chats' typing stays cheap).
   * NOTE: remembered at once (the timer, when it fires, waits again from it); written in a step
   * of its own at most once per ACTIVITY_WRITE_MS, so that a restart finds it too.
   */
  function typed(interactionId: string): void {
    const i = ctx.book.openOne(interactionId);
    if (!idleMs || !waiting(i)) return;
    const now = ctx.clock.now().getTime();
    seen.set(i.id, now);
    if (now - Date.parse(i.customerActiveAt ?? i.createdAt) < ACTIVITY_WRITE_MS) return;
    ctx.steps
      .run("customer-typing", async () => {
        const current = ctx.book.openOne(interactionId);
        if (waiting(current)) await ctx.book.persist({ interaction: { ...current, customerActiveAt: new Date(now).toISOString() }, events: [] });
      })
      .catch((error) => ctx.logger.warn({ err: error, interaction: interactionId }, "a customer's typing could not be kept"));
  }

  return { watch, touched, typed };
}

export type CustomerIdle = ReturnType<typeof createCustomerIdle>;
