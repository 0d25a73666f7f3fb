/**
 * Chat messages from the customer or the worker who handles the chat. A message's id is the
 * sender's own, so a retried send is kept once, in the connector's order.
 */
import { randomUUID } from "node:crypto";
import { AppError } from "../../errors";
import type { MessageSender } from "../../store/store";
import { readDurably } from "../durable-read";
import { authorize, type InteractionContext } from "./context";

export type MessageAuthor = { customer: true } | { worker: string };

export function createChatMessages(ctx: InteractionContext) {
  function add(interactionId: string, author: MessageAuthor, input: { id?: string; text: string }) {
    return ctx.steps.run("message", async () => {
      const i = await ctx.book.load(interactionId);
      // NOTE: a worker's message is checked against what they may do now (409 names it), a call included.
      if ("worker" in author) authorize(i, author.worker, "send");
      if (i.media !== "chat") throw new AppError("conflict", "this interaction is a call, not a chat");
      if (!("worker" in author) && i.state !== "queued" && i.state !== "offered" && i.state !== "active") {
        throw new AppError("conflict", `the chat is ${i.state}; messages can no longer be sent`);
      }
      const from: MessageSender = "worker" in author ? "worker" : "customer";
      const kept = await ctx.store.appendMessage(i.id, { id: input.id ?? `m-${randomUUID()}`, from, text: input.text, at: ctx.clock.now().toISOString() });
      if (kept.created) ctx.announce.message(i, kept.message);
      if (kept.created && from === "customer") await ctx.customerIdle.touched(i);
      return kept;
    });
  }

  /** The transcript, oldest first, as kept on disk. */
  async function list(interactionId: string) {
    await ctx.book.load(interactionId);
    return readDurably(ctx.store, () => ctx.store.listMessages(interactionId));
  }

  return { add, list };
}
