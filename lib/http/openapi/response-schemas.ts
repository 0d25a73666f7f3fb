/**
 * What the integration API answers, as zod schemas: the OpenAPI document is made from them, and
 * the tests check every answer of the running connector against that document.
 */
import { z } from "zod";
import { CALL_STATES } from "../../domain/call";
import { INVITE_PURPOSES } from "../../domain/transfer";
import type { ErrorCode } from "../../errors";
import { ACTIONS } from "../../domain/capabilities";
import { INTERACTION_STATES, MEDIA } from "../../domain/interaction";
import { ALL_PRESENCES } from "../../domain/presence";

/** NOTE: said as a format rather than zod's long date-time pattern, which would only clutter the document. */
const isoTime = z.string().meta({ format: "date-time", description: "an ISO 8601 time (UTC)" });
const stringMap = z.record(z.string(), z.string());

/** Every code the connector can answer with; kept in step with lib/errors.ts by the type below. */
const ERROR_CODES = [
  "bad_request",
  "unauthorized",
  "forbidden",
  "not_found",
  "method_not_allowed",
  "conflict",
  "payload_too_large",
  "unsupported_media_type",
  "too_many_requests",
  "internal",
  "unavailable",
] as const satisfies readonly ErrorCode[];
// NOTE: fails to compile when lib/errors.ts gains a code this list lacks.
const _everyCode: Record<ErrorCode, true> = Object.fromEntries(ERROR_CODES.map((c) => [c, true])) as Record<(typeof ERROR_CODES)[number], true>;
void _everyCode;

export const errorBody = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string().meta({ description: "for people: what went wrong and what to do" }),
      allowed: z
        .array(z.enum(ACTIONS))
        .optional()
        .meta({ description: "with a 409 for a worker's control: the actions allowed now" }),
    }),
  })
  .meta({ id: "Error" });

export const workerView = z
  .object({
    id: z.string(),
    name: z.string(),
    presence: z.enum(ALL_PRESENCES as [string, ...string[]]),
    presenceSince: isoTime,
    ready: z.boolean().meta({ description: "whether routing may offer this worker interactions (agent-status-ready)" }),
    windows: z.number().int().min(0).meta({ description: "web client windows of this worker open now" }),
    interactions: z.array(z.string()).meta({ description: "ids of the interactions the worker holds" }),
    companion: z
      .object({
        connected: z.boolean().meta({ description: "whether the worker's desktop companion holds a Bayeux session now" }),
        softphone: z.enum(["ready", "absent"]).meta({ description: "the softphone the companion drives: ready, or absent (none, or not reachable)" }),
      })
      .meta({ description: "the worker's desktop companion (B11)" }),
  })
  .meta({ id: "Worker" });

export const reportingEvent = z
  .object({
    seq: z.number().int().min(1),
    at: isoTime,
    type: z.string().meta({ examples: ["RequestAgentReady", "InteractionOffered"] }),
    worker: z.string().optional().meta({ description: "absent only for an interaction abandoned before it was offered" }),
    interaction: z.string().optional(),
    reasons: stringMap.optional().meta({ examples: [{ KW_UC_STATUS: "busy" }] }),
  })
  .meta({ id: "ReportingEvent" });

export const interactionCreated = z
  .object({
    id: z.string(),
    state: z.enum(INTERACTION_STATES),
    customerToken: z.string().meta({ description: "lets the customer's own client reach this one interaction" }),
  })
  .meta({ id: "InteractionCreated" });

const participant = z
  .object({
    role: z.enum(["customer", "worker", "consult", "conference"]),
    id: z.string().optional().meta({ description: "the worker's id (absent for the customer)" }),
    name: z.string(),
  })
  .meta({ id: "Participant" });

const apiInteractionFields = {
  id: z.string(),
  media: z.enum(MEDIA),
  from: z.string(),
  subject: z.string(),
  data: stringMap,
  state: z.enum(INTERACTION_STATES),
  worker: z.string().nullable(),
  capabilities: z.array(z.enum(ACTIONS)).meta({ description: "the actions the interaction's worker may take now" }),
  call: z
    .object({
      state: z.enum(CALL_STATES),
      muted: z.boolean(),
      heldBy: z.enum(["worker", "customer"]).optional(),
      establishedAt: isoTime.optional(),
    })
    .optional()
    .meta({ description: "a voice interaction's call (the embedded call model: call control, no audio)" }),
  participants: z.array(participant),
  invite: z
    .object({
      purpose: z.enum(INVITE_PURPOSES),
      to: z.object({ id: z.string(), name: z.string() }),
      note: z.string(),
      toQueue: z.boolean(),
      stage: z.enum(["offered", "talking"]),
    })
    .optional()
    .meta({ description: "an open transfer, consultation or conference invitation" }),
  disposition: z.object({ code: z.string().optional(), note: z.string().optional() }).optional(),
};

export const apiInteraction = z.object(apiInteractionFields).meta({ id: "Interaction" });

export const apiInteractionWithName = z
  .object({ ...apiInteractionFields, workerName: z.string().nullable() })
  .meta({ id: "InteractionWithWorkerName" });

export const customerInteraction = z
  .object({
    id: z.string(),
    state: z.enum(INTERACTION_STATES),
    subject: z.string(),
    from: z.string(),
    workerName: z.string().optional(),
  })
  .meta({ id: "CustomerInteraction", description: "what a customer token sees: no attached data" });

export const chatMessage = z
  .object({
    id: z.string(),
    from: z.enum(["customer", "worker", "system"]),
    text: z.string(),
    at: isoTime,
  })
  .meta({ id: "ChatMessage" });

export const accepted = z.object({ accepted: z.literal(true) }).meta({ id: "Accepted" });

export const health = z.object({ status: z.enum(["ok", "unavailable"]) }).meta({ id: "Health" });
