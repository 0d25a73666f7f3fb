/** Request bodies of the interaction routes, with their limits. */
import { z } from "zod";
import { MEDIA } from "../../domain/interaction";
import { TRANSCRIPT_PAGE_MAX } from "../../connector/interactions/chat-messages";
import { AppError } from "../../errors";

export const DATA_MAX_KEYS = 50;
export const DATA_MAX_KEY_CHARS = 64;
export const DATA_MAX_VALUE_CHARS = 1024;
export const MESSAGE_MAX_CHARS = 4000;

/** Attached data: a flat map of strings to strings, bounded. */
export const attachedData = z
  .record(
    z.string().min(1, "attached data keys must not be empty").max(DATA_MAX_KEY_CHARS, `attached data keys are at most ${DATA_MAX_KEY_CHARS} characters`),
    z.string({ error: "attached data must be a flat map of strings to strings" }).max(DATA_MAX_VALUE_CHARS, `attached data values are at most ${DATA_MAX_VALUE_CHARS} characters`),
    { error: "attached data must be a flat map of strings to strings" },
  )
  .refine((data) => Object.keys(data).length <= DATA_MAX_KEYS, `attached data holds at most ${DATA_MAX_KEYS} keys`);

export const createInteractionSchema = z
  .object({
    media: z.enum(MEDIA, { error: `media must be one of ${MEDIA.join(", ")}` }),
    from: z.string({ error: "from is required" }).trim().min(1, "from is required").max(128),
    subject: z.string().trim().max(256).optional(),
    data: attachedData.optional(),
    worker: z.string().min(1).max(64).optional(),
  })
  .strict();

/** Idempotency-Key: 1-255 visible ASCII characters (no spaces, so two joined headers fail too). */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, "Idempotency-Key must be 1-255 visible ASCII characters");

/** A message; `id` is the sender's own, so a retried send is kept once. */
export const messageSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "id must be 8-64 of A-Z, a-z, 0-9, '_' or '-'").optional(),
    // NOTE: an oversized message is 413 (as a body over the limit is), checked by checkMessageSize.
    text: z.string({ error: "text is required" }).trim().min(1, "text must not be empty"),
  })
  .strict();

/** A message over MESSAGE_MAX_CHARS is too large (413), like a body over the byte limit. */
export function checkMessageSize(input: { text: string }): void {
  if (input.text.length > MESSAGE_MAX_CHARS) throw new AppError("payload_too_large", `text is at most ${MESSAGE_MAX_CHARS} characters`);
}

/** A message id as a cursor: ids are the sender's own or the connector's (m-…, sys-…). */
const messageCursor = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be a message id");
const pageLimit = (max: number) =>
  z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(max, `must be at most ${max}`);

/** GET /api/kw/interactions/{id}/messages: the page before a message (default: the newest). */
export const earlierMessagesQuery = z.object({ before: messageCursor.optional(), limit: pageLimit(TRANSCRIPT_PAGE_MAX).optional() });

/** GET /api/v1/interactions/{id}/messages: whole without parameters; else forwards from after a message. */
export const transcriptQuery = z
  .object({
    after: messageCursor.optional().meta({ description: "only the messages kept after this message id (the last one you have)" }),
    limit: pageLimit(1000).optional().meta({ description: "at most this many messages (1-1000); without it, all of them" }),
  });

export const offerAnswerSchema = z.object({ offerId: z.string().min(1).max(64) }).strict();

export const startChatSchema = z
  .object({
    name: z.string({ error: "name is required" }).trim().min(1, "name is required").max(128),
    subject: z.string().trim().max(256).optional(),
  })
  .strict();

export const routeSchema = z.object({ worker: z.string({ error: "worker is required" }).min(1).max(64) }).strict();
