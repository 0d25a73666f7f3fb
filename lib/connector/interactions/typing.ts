/**
 * Typing indicators in a chat, both ways: pushed to the other side, never kept. The connector
 * passes on at most one a second per chat and side, whatever the clients send.
 */
import type { InteractionContext } from "./context";

/** The least time between two typing pushes of one side of one chat. */
export const TYPING_MIN_INTERVAL_MS = 1_000;

export function createTyping(ctx: InteractionContext) {
  const last = new Map<string, number>();
  const sideOf = (from: { customer: true } | { worker: string }) => ("worker" in from ? "worker" : "customer");
  /** Whether the chat is open and active now: only then is a typing signal worth a step. */
  const isActiveChat = (interactionId: string) => {
    const i = ctx.book.openOne(interactionId);
    return Boolean(i && i.media === "chat" && i.state === "active");
  };
  function typing(interactionId: string, from: { customer: true } | { worker: string }): Promise<void> {
    // NOTE: a customer typing in a waiting chat is activity (the chat is not abandoned as idle);
    // no one sees it, and it takes no step of its own (customer-idle.ts writes it now and then).
    if (!("worker" in from)) ctx.customerIdle.typed(interactionId);
    // NOTE: while a chat waits (queued, offered) its typing costs nothing: no step, no write.
    // The book is in memory; the step checks again in order with the steps before it.
    if (!isActiveChat(interactionId)) return Promise.resolve();
    return ctx.steps.run("typing", async () => {
      const i = ctx.book.openOne(interactionId);
      // NOTE: a typing signal for a chat that is not open (or not this worker's) is dropped quietly.
      if (!i || i.media !== "chat" || i.state !== "active") return;
      if ("worker" in from && i.worker !== from.worker) return;
      const side = sideOf(from);
      const key = `${i.id}:${side}`;
      const now = ctx.clock.now().getTime();
      if (now - (last.get(key) ?? 0) < TYPING_MIN_INTERVAL_MS) return;
      last.set(key, now);
      if (last.size > 10_000) last.clear();
      ctx.announce.typing(i, side);
    });
  }
  /** A message was sent: the sender's next keystroke starts a new indicator at once. */
  function sent(interactionId: string, from: { customer: true } | { worker: string }): void {
    last.delete(`${interactionId}:${sideOf(from)}`);
  }
  return { typing, sent };
}
