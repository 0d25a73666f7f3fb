/**
 * Chat messages from the customer or the worker who handles the chat. A message's id is the
 * sender's own, so a retried send is kept once, in the connector's order.
 */
import { randomUUID } from "node:crypto";
import { AppError } from "../../errors";
import type { ChatMessage, MessageSender } from "../../store/store";
import { readDurably } from "../durable-read";
import { authorize, type InteractionContext } from "./context";

export type MessageAuthor = { customer: true } | { worker: string };

/**
 * Customer messages kept in a row while nobody has the chat (queued or offered): a customer who
 * writes on while waiting fills no disk. The worker who accepts reads them all; beyond, 409.
 */
export const WAITING_MESSAGES_MAX = 50;

/** Messages a worker's view of a chat carries (the newest); older ones are read page by page. */
export const TRANSCRIPT_PAGE_MESSAGES = 50;
/** The most one page of a transcript may hold. */
export const TRANSCRIPT_PAGE_MAX = 200;

/** A page of a transcript, oldest first; `hasEarlier`: messages before it exist. */
export interface TranscriptPage {
  messages: ChatMessage[];
  hasEarlier: boolean;
}

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
      if (!("worker" in author) && i.state !== "active") await checkWaitingRoom(i.id);
      const from: MessageSender = "worker" in author ? "worker" : "customer";
      const kept = await ctx.store.appendMessage(i.id, { id: input.id ?? `m-${randomUUID()}`, from, text: input.text, at: ctx.clock.now().toISOString() });
      if (kept.created) ctx.announce.message(i, kept.message);
      if (kept.created && from === "customer") await ctx.customerIdle.touched(i);
      return kept;
    });
  }

  /** Refuses a customer message past WAITING_MESSAGES_MAX in a row (one indexed read of the last few). */
  async function checkWaitingRoom(interactionId: string): Promise<void> {
    const { messages } = await ctx.store.listMessagePage(interactionId, { limit: WAITING_MESSAGES_MAX });
    if (messages.length === WAITING_MESSAGES_MAX && messages.every((m) => m.from === "customer")) {
      throw new AppError("conflict", `the chat is waiting for an expert: at most ${WAITING_MESSAGES_MAX} messages are kept until one joins`);
    }
  }

  /** The transcript, oldest first, as kept on disk. */
  async function list(interactionId: string) {
    await ctx.book.load(interactionId);
    return readDurably(ctx.store, () => ctx.store.listMessages(interactionId));
  }

  /** The newest messages (before message `before`, if given): what a worker's view carries. */
  function latest(interactionId: string, options: { before?: string; limit?: number } = {}): Promise<TranscriptPage> {
    const limit = options.limit ?? TRANSCRIPT_PAGE_MESSAGES;
    return readDurably(ctx.store, async () => {
      const page = await ctx.store.listMessagePage(interactionId, { limit, ...(options.before !== undefined ? { before: options.before } : {}) });
      return { messages: page.messages, hasEarlier: page.more };
    });
  }

  /**
   * An earlier page for a worker: one who has (or had) the chat, is a party to it, or is
   * invited to take it over; anyone else is refused like any other worker call (403).
   */
  async function pageFor(worker: string, interactionId: string, options: { before?: string; limit?: number }): Promise<TranscriptPage> {
    const i = await ctx.book.load(interactionId);
    const involved = i.worker === worker || i.parties?.some((p) => p.worker === worker) || i.invite?.offer.worker === worker;
    if (!involved) throw new AppError("forbidden", "this interaction is someone else's");
    if (i.media !== "chat") throw new AppError("conflict", "this interaction is a call, not a chat");
    return latest(interactionId, options);
  }

  /** The integration API's read: the whole transcript, or forwards from after message `after`. */
  async function listFrom(interactionId: string, options: { after?: string; limit?: number }) {
    await ctx.book.load(interactionId);
    if (options.after === undefined && options.limit === undefined) return readDurably(ctx.store, () => ctx.store.listMessages(interactionId));
    const query = { after: options.after ?? null, limit: options.limit ?? 1_000_000_000 };
    return readDurably(ctx.store, async () => (await ctx.store.listMessagePage(interactionId, query)).messages);
  }

  return { add, list, latest, pageFor, listFrom };
}
