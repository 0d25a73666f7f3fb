/**
 * Every worker control as an HTTP call, for the web client (session cookie) and for a UC client,
 * a test or a bridge (API key, naming the worker):
 *   POST /api/kw/interactions/{id}/actions/{action}
 *   POST /api/v1/interactions/{id}/actions/{action}  {"worker": "kw1", ...}
 * plus the transfer picker's list, typing indicators, and the customer's side of a call.
 */
import { z } from "zod";
import type { Action } from "../../domain/capabilities";
import type { Interaction } from "../../domain/interaction";
import { DTMF_PATTERN } from "../../domain/call";
import { CUSTOMER_CALL_EVENTS, type CustomerCallEvent } from "../../connector/interactions/calls/customer-call";
import { AppError } from "../../errors";
import { limitChat } from "../chat-limits";
import { requireApiKey, requireApiKeyOrCustomer, requireWorkerFor } from "../auth";
import { readJson } from "../io";
import { parseWith, type Route, type RouteContext } from "../router";
import { ACTION_BODIES, parseAction } from "./action-schemas";
import { checkMessageSize } from "./interaction-schemas";

/** A body that may be left out (an action that takes nothing): `{}` then. */
async function readOptionalJson(ctx: RouteContext): Promise<unknown> {
  const { headers } = ctx.req;
  if (headers["content-length"] === "0" || (headers["content-length"] === undefined && headers["transfer-encoding"] === undefined)) return {};
  return readJson(ctx.req);
}

/**
 * Runs a control; a sent message is the answer, else the interaction in the view `show` makes
 * (the worker's own, or the integration API's).
 */
async function runAction(ctx: RouteContext, worker: string, action: Action, input: Record<string, unknown>, show: (i: Interaction) => unknown) {
  if (action === "send") checkMessageSize(input as { text: string });
  const result = await ctx.deps.interactions.act(worker, ctx.params.id, action, input);
  if (result.message) return { status: result.created ? 201 : 200, body: result.message };
  return { status: 200, body: show(result.interaction!) };
}

/** POST /api/kw/interactions/{id}/actions/{action}: the signed-in worker's control. */
export const kwActionRoute: Route = {
  method: "POST",
  path: "/api/kw/interactions/:id/actions/:action",
  async handler(ctx) {
    const { workerId } = await requireWorkerFor(ctx, ctx.params.id);
    const action = parseAction(ctx.params.action);
    const input = parseWith(ACTION_BODIES[action], await readOptionalJson(ctx));
    return runAction(ctx, workerId, action, input, (i) => ctx.deps.interactions.viewFor(workerId, i));
  },
};

const apiWorker = z.object({ worker: z.string({ error: "worker is required: the worker who acts" }).min(1).max(64) }).passthrough();

/** POST /api/v1/interactions/{id}/actions/{action} {"worker", ...}: a worker's control from a UC client or a test. */
export const apiActionRoute: Route = {
  method: "POST",
  path: "/api/v1/interactions/:id/actions/:action",
  async handler(ctx) {
    requireApiKey(ctx);
    const action = parseAction(ctx.params.action);
    const { worker, ...rest } = parseWith(apiWorker, await readOptionalJson(ctx));
    const input = parseWith(ACTION_BODIES[action], rest);
    // NOTE: an integrator sees the interaction as the integration API shows it.
    return runAction(ctx, worker, action, input, (i) => ctx.deps.interactions.apiView(i));
  },
};

/** GET /api/kw/interactions/{id}/transfer-targets: who could take it now (the Transfer picker). */
export const kwTransferTargetsRoute: Route = {
  method: "GET",
  path: "/api/kw/interactions/:id/transfer-targets",
  async handler(ctx) {
    const { workerId } = await requireWorkerFor(ctx, ctx.params.id);
    return { status: 200, body: await ctx.deps.interactions.transferTargets(workerId, ctx.params.id) };
  },
};

/** POST /api/kw/interactions/{id}/typing: the worker is typing (pushed to the customer, not kept). */
export const kwTypingRoute: Route = {
  method: "POST",
  path: "/api/kw/interactions/:id/typing",
  async handler(ctx) {
    const { workerId } = await requireWorkerFor(ctx, ctx.params.id);
    limitChat(ctx, "typing", `${ctx.params.id}:worker`);
    await ctx.deps.interactions.typing(ctx.params.id, { worker: workerId });
    return { status: 202, body: { accepted: true } };
  },
};

/** POST /api/v1/interactions/{id}/typing: the customer is typing (the chat's token, or the API key). */
export const customerTypingRoute: Route = {
  method: "POST",
  path: "/api/v1/interactions/:id/typing",
  async handler(ctx) {
    await requireApiKeyOrCustomer(ctx, ctx.params.id);
    limitChat(ctx, "typing", `${ctx.params.id}:customer`);
    await ctx.deps.interactions.typing(ctx.params.id, { customer: true });
    return { status: 202, body: { accepted: true } };
  },
};

export const callEventBody = z.object({ digits: z.string().regex(DTMF_PATTERN, "digits are 1-32 of 0-9, *, #, A-D").optional() }).strict();

/** POST /api/v1/interactions/{id}/call/{event}: the customer's side of a call (answered, held, retrieved, dtmf). */
export const customerCallRoute: Route = {
  method: "POST",
  path: "/api/v1/interactions/:id/call/:event",
  async handler(ctx) {
    requireApiKey(ctx);
    const what = ctx.params.event;
    if (!(CUSTOMER_CALL_EVENTS as readonly string[]).includes(what)) throw new AppError("not_found", `no call event "${what}" (use ${CUSTOMER_CALL_EVENTS.join(", ")})`);
    const { digits } = parseWith(callEventBody, await readOptionalJson(ctx));
    if (what === "dtmf" && !digits) throw new AppError("bad_request", "digits is required: 1-32 of 0-9, *, #, A-D");
    const s = ctx.deps.interactions;
    return { status: 200, body: s.apiView(await s.customerCall(ctx.params.id, what as CustomerCallEvent, { digits })) };
  },
};
