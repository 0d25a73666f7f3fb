/** The integration API's interaction calls (API key; a customer's token reaches its own one). */
import { customerView } from "../../connector/interactions/views";
import { requireApiKey, requireApiKeyOrCustomer } from "../auth";
import { limitChat } from "../chat-limits";
import { idempotencyOf } from "../idempotency-key";
import { readJson } from "../io";
import { parseWith, type Route } from "../router";
import { checkMessageSize, createInteractionSchema, messageSchema, routeSchema, transcriptQuery } from "./interaction-schemas";

/** POST /api/v1/interactions; with Idempotency-Key, a repeat answers the first answer again. */
export const createInteractionRoute: Route = {
  method: "POST",
  path: "/api/v1/interactions",
  async handler(ctx) {
    requireApiKey(ctx);
    const input = parseWith(createInteractionSchema, await readJson(ctx.req));
    const idempotent = idempotencyOf(ctx, input);
    if (idempotent) {
      const answer = await ctx.deps.interactions.createIdempotently(input, idempotent);
      return { status: answer.status, body: answer.body, headers: answer.replayed ? { "idempotent-replayed": "true" } : undefined };
    }
    const { interaction, customerToken } = await ctx.deps.interactions.create(input);
    return { status: 201, body: { id: interaction.id, state: interaction.state, customerToken } };
  },
};

/** GET /api/v1/interactions/{id} */
export const getInteractionRoute: Route = {
  method: "GET",
  path: "/api/v1/interactions/:id",
  async handler(ctx) {
    const caller = await requireApiKeyOrCustomer(ctx, ctx.params.id);
    const interaction = await ctx.deps.interactions.get(ctx.params.id);
    const workerName = interaction.worker ? ctx.deps.interactions.workerName(interaction.worker) : undefined;
    // NOTE: a customer sees the chat's state and who joined, never the routing's attached data.
    if (caller === "customer") return { status: 200, body: customerView(interaction, workerName) };
    return { status: 200, body: { ...ctx.deps.interactions.apiView(interaction), workerName: workerName ?? null } };
  },
};

/** GET /api/v1/interactions/{id}/messages[?after=&limit=]: the transcript (or a part of it), oldest first. */
export const listMessagesRoute: Route = {
  method: "GET",
  path: "/api/v1/interactions/:id/messages",
  async handler(ctx) {
    await requireApiKeyOrCustomer(ctx, ctx.params.id);
    const query = parseWith(transcriptQuery, Object.fromEntries(ctx.url.searchParams));
    return { status: 200, body: await ctx.deps.interactions.messagesFrom(ctx.params.id, query) };
  },
};

/** POST /api/v1/interactions/{id}/messages: a message from the customer. */
export const postMessageRoute: Route = {
  method: "POST",
  path: "/api/v1/interactions/:id/messages",
  async handler(ctx) {
    await requireApiKeyOrCustomer(ctx, ctx.params.id);
    const input = parseWith(messageSchema, await readJson(ctx.req));
    checkMessageSize(input);
    limitChat(ctx, "message", ctx.params.id);
    const { message, created } = await ctx.deps.interactions.addMessage(ctx.params.id, { customer: true }, input);
    return { status: created ? 201 : 200, body: message };
  },
};

/** POST /api/v1/interactions/{id}/end: the customer leaves the chat or hangs up. */
export const endInteractionRoute: Route = {
  method: "POST",
  path: "/api/v1/interactions/:id/end",
  async handler(ctx) {
    await requireApiKeyOrCustomer(ctx, ctx.params.id);
    const interaction = await ctx.deps.interactions.end(ctx.params.id, { customer: true });
    return { status: 200, body: ctx.deps.interactions.apiView(interaction) };
  },
};

/** PUT /api/v1/interactions/{id}/worker: an external routing engine offers a queued interaction to this worker. */
export const routeInteractionRoute: Route = {
  method: "PUT",
  path: "/api/v1/interactions/:id/worker",
  async handler(ctx) {
    requireApiKey(ctx);
    const { worker } = parseWith(routeSchema, await readJson(ctx.req));
    const interaction = await ctx.deps.interactions.route(ctx.params.id, worker);
    return { status: 200, body: ctx.deps.interactions.apiView(interaction) };
  },
};
