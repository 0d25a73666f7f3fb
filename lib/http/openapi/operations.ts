/**
 * The integration API's operations as the OpenAPI document describes them. Request schemas are
 * the very ones the routes validate with (imported from the route files); a test checks that
 * every /api/v1 route of the router is here and that every answer matches what is said here.
 */
import type { z } from "zod";
import type { ErrorCode } from "../../errors";
import { z as zod } from "zod";
import { ACTIONS } from "../../domain/capabilities";
import { CUSTOMER_CALL_EVENTS } from "../../connector/interactions/calls/customer-call";
import { ACTION_BODIES } from "../routes/action-schemas";
import { callEventBody } from "../routes/interaction-actions";
import { createInteractionSchema, idempotencyKeySchema, messageSchema, routeSchema, transcriptQuery } from "../routes/interaction-schemas";
import { listEventsQuery } from "../routes/list-events";
import { ucPresenceSchema } from "../routes/put-worker-presence";
import {
  accepted,
  apiInteraction,
  apiInteractionWithName,
  chatMessage,
  customerInteraction,
  health,
  interactionCreated,
  reportingEvent,
  workerView,
} from "./response-schemas";

/** `apiKey`: the integrator's key; `customer`: the key, or the customer token of that one interaction. */
export type Security = "apiKey" | "apiKeyOrCustomer" | "none";

export interface Operation {
  method: "get" | "post" | "put";
  /** The router's path, `:name` for a parameter. */
  path: string;
  operationId: string;
  summary: string;
  security: Security;
  query?: z.ZodObject;
  /** Request headers this operation reads (by their HTTP names). */
  headers?: z.ZodObject;
  body?: z.ZodType;
  /** Successful answers: a JSON schema, or a content type of another kind. */
  responses: Record<number, { description: string; schema?: z.ZodType | z.ZodType[]; contentType?: string }>;
  /** Error answers this operation may give, besides those every call may (see document.ts). */
  errors: ErrorCode[];
}

const interactionErrors: ErrorCode[] = ["forbidden", "not_found"];

/** The body of POST .../actions/{action}: the acting worker plus what that action takes. */
const actionBody = zod
  .union(ACTIONS.map((action) => ACTION_BODIES[action].extend({ worker: zod.string().min(1).max(64) }).meta({ title: action })) as unknown as [zod.ZodObject, zod.ZodObject])
  .meta({ description: `\`worker\` (who acts) and the fields of the action named in the path: ${ACTIONS.join(", ")}` });

export const OPERATIONS: Operation[] = [
  {
    method: "post",
    path: "/api/v1/interactions",
    operationId: "createInteraction",
    summary: "Create an interaction; with `worker`, only that worker is offered it (an external router decided)",
    security: "apiKey",
    headers: zod.object({
      "Idempotency-Key": idempotencyKeySchema.optional().meta({
        description:
          "The same key (per API key) and the same body within 24 h answer the first answer again (201, the same id, state and customerToken, with `Idempotent-Replayed: true`); " +
          "the same key with another body is 409. A request with the same key while the first runs waits for it. Keys are kept 24 h.",
      }),
    }),
    body: createInteractionSchema,
    responses: { 201: { description: "created and queued (or offered to `worker`); or, under a repeated Idempotency-Key, the first answer again", schema: interactionCreated } },
    errors: ["bad_request", "not_found", "conflict", "payload_too_large", "unsupported_media_type"],
  },
  {
    method: "get",
    path: "/api/v1/interactions/:id",
    operationId: "getInteraction",
    summary: "An interaction; a customer token sees less (no attached data)",
    security: "apiKeyOrCustomer",
    responses: { 200: { description: "the interaction", schema: [apiInteractionWithName, customerInteraction] } },
    errors: interactionErrors,
  },
  {
    method: "put",
    path: "/api/v1/interactions/:id/worker",
    operationId: "routeInteraction",
    summary: "Offer a queued interaction to this worker (external routing)",
    security: "apiKey",
    body: routeSchema,
    responses: { 200: { description: "offered", schema: apiInteraction } },
    errors: ["bad_request", "not_found", "conflict", "payload_too_large", "unsupported_media_type"],
  },
  {
    method: "get",
    path: "/api/v1/interactions/:id/messages",
    operationId: "listMessages",
    summary: "The chat transcript, oldest first: whole without parameters; with `after` and/or `limit`, a part of it, read forwards (ask again after the last id until a page is shorter than `limit`)",
    security: "apiKeyOrCustomer",
    query: transcriptQuery,
    responses: { 200: { description: "the transcript, or the part asked for", schema: chatMessage.array() } },
    errors: ["bad_request", ...interactionErrors],
  },
  {
    method: "post",
    path: "/api/v1/interactions/:id/messages",
    operationId: "postMessage",
    summary:
      "A message from the customer; the same `id` twice is kept once. Per chat: a burst of 10, then one a second (429 with Retry-After); " +
      "while the chat waits for a worker, at most 50 customer messages in a row are kept (409)",
    security: "apiKeyOrCustomer",
    body: messageSchema,
    responses: {
      201: { description: "kept", schema: chatMessage },
      200: { description: "kept before (the same id was sent again)", schema: chatMessage },
    },
    errors: ["bad_request", ...interactionErrors, "conflict", "payload_too_large", "unsupported_media_type", "too_many_requests"],
  },
  {
    method: "post",
    path: "/api/v1/interactions/:id/end",
    operationId: "endInteraction",
    summary: "The customer leaves the chat or hangs up",
    security: "apiKeyOrCustomer",
    responses: { 200: { description: "abandoned (queued or offered) or in wrap-up (active)", schema: apiInteraction } },
    errors: [...interactionErrors, "conflict"],
  },
  {
    method: "post",
    path: "/api/v1/interactions/:id/actions/:action",
    operationId: "act",
    summary: `A worker's control (${ACTIONS.join(", ")}), as the worker's own client would send it; 409 names the actions allowed now`,
    security: "apiKey",
    body: actionBody,
    responses: {
      200: { description: "done: the interaction as it is now (for `send`, the message kept before)", schema: [apiInteraction, chatMessage] },
      201: { description: "`send`: the message, kept", schema: chatMessage },
    },
    errors: ["bad_request", ...interactionErrors, "conflict", "payload_too_large", "unsupported_media_type"],
  },
  {
    method: "post",
    path: "/api/v1/interactions/:id/call/:event",
    operationId: "customerCallEvent",
    summary: `The customer's side of a call: ${CUSTOMER_CALL_EVENTS.join(", ")} (a telephony bridge or a test drives it)`,
    security: "apiKey",
    body: callEventBody,
    responses: { 200: { description: "the interaction after the event", schema: apiInteraction } },
    errors: ["bad_request", ...interactionErrors, "conflict", "payload_too_large", "unsupported_media_type"],
  },
  {
    method: "post",
    path: "/api/v1/interactions/:id/typing",
    operationId: "customerTyping",
    summary: "The customer is typing: pushed to the worker (at most one a second), never kept; per chat a burst of 10, then one a second (429 with Retry-After)",
    security: "apiKeyOrCustomer",
    responses: { 202: { description: "passed on (or dropped: the chat is not active)", schema: accepted } },
    errors: [...interactionErrors, "conflict", "too_many_requests"],
  },
  {
    method: "get",
    path: "/api/v1/workers/:id",
    operationId: "getWorker",
    summary: "A worker's presence, open windows and interactions",
    security: "apiKey",
    responses: { 200: { description: "the worker", schema: workerView } },
    errors: ["not_found"],
  },
  {
    method: "put",
    path: "/api/v1/workers/:id/presence",
    operationId: "setWorkerPresence",
    summary: "Presence set from the UC side (presence synchronisation)",
    security: "apiKey",
    body: ucPresenceSchema,
    responses: { 200: { description: "the worker after the change", schema: workerView } },
    errors: ["bad_request", "not_found", "conflict", "payload_too_large", "unsupported_media_type"],
  },
  {
    method: "get",
    path: "/api/v1/events",
    operationId: "listEvents",
    summary: "Reporting events after a sequence number, oldest first",
    security: "apiKey",
    query: listEventsQuery,
    responses: { 200: { description: "a page of events", schema: reportingEvent.array() } },
    errors: ["bad_request"],
  },
  {
    method: "get",
    path: "/api/v1/openapi.json",
    operationId: "getOpenApi",
    summary: "This document",
    security: "none",
    responses: { 200: { description: "the OpenAPI 3.1 document", contentType: "application/json" } },
    errors: [],
  },
  {
    method: "get",
    path: "/healthz",
    operationId: "health",
    summary: "Whether the connector can serve",
    security: "none",
    responses: { 200: { description: "it can", schema: health }, 503: { description: "it cannot (the store does not answer)", schema: health } },
    errors: [],
  },
  {
    method: "get",
    path: "/metrics",
    operationId: "metrics",
    summary: "Prometheus metrics",
    security: "none",
    responses: { 200: { description: "Prometheus text exposition format", contentType: "text/plain" } },
    errors: [],
  },
];
