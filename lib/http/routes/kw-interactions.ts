/** The web client's calls on offers and interactions (session cookie, own ones only). */
import { reaches, requireSignedIn, requireWorkerFor } from "../auth";
import { heldView } from "../kw-reads";
import { readJson } from "../io";
import { parseWith, type Route } from "../router";
import { checkMessageSize, earlierMessagesQuery, messageSchema, offerAnswerSchema } from "./interaction-schemas";

/** GET /api/kw/offers: the worker's open Previews. */
export const kwOffersRoute: Route = {
  method: "GET",
  path: "/api/kw/offers",
  async handler(ctx) {
    const principal = await requireSignedIn(ctx);
    const offers = await ctx.deps.interactions.offersFor(principal.workerId);
    // NOTE: a scoped session (invitation links) sees its own offers only.
    return { status: 200, body: offers.filter((o) => reaches(principal, o.interaction.id)) };
  },
};

/** GET /api/kw/interactions: what the worker accepted (or joined) and has not finished, each chat with its newest messages. */
export const kwInteractionsRoute: Route = {
  method: "GET",
  path: "/api/kw/interactions",
  async handler(ctx) {
    const principal = await requireSignedIn(ctx);
    return { status: 200, body: await heldView(ctx.deps, principal) };
  },
};

/** GET /api/kw/interactions/{id}/messages?before=<message id>&limit=: an earlier page of a chat's transcript. */
export const kwMessagesRoute: Route = {
  method: "GET",
  path: "/api/kw/interactions/:id/messages",
  async handler(ctx) {
    // NOTE: a scoped session (invitation links) reads the pages of its own interaction only.
    const { workerId } = await requireWorkerFor(ctx, ctx.params.id);
    const query = parseWith(earlierMessagesQuery, Object.fromEntries(ctx.url.searchParams));
    return { status: 200, body: await ctx.deps.interactions.messagePageFor(workerId, ctx.params.id, query) };
  },
};

function offerAction(action: "accept" | "reject" | "extend"): Route {
  return {
    method: "POST",
    path: `/api/kw/interactions/:id/${action}`,
    async handler(ctx) {
      const { workerId } = await requireWorkerFor(ctx, ctx.params.id);
      const { offerId } = parseWith(offerAnswerSchema, await readJson(ctx.req));
      const s = ctx.deps.interactions;
      const interaction =
        action === "accept"
          ? await s.accept(workerId, ctx.params.id, offerId)
          : action === "reject"
            ? await s.reject(workerId, ctx.params.id, offerId)
            : await s.extendOffer(workerId, ctx.params.id, offerId);
      return { status: 200, body: s.viewFor(workerId, interaction) };
    },
  };
}

export const kwAcceptRoute = offerAction("accept");
export const kwRejectRoute = offerAction("reject");
export const kwExtendRoute = offerAction("extend");

/** POST /api/kw/interactions/{id}/messages: the worker writes in a chat it handles (the `send` action). */
export const kwMessageRoute: Route = {
  method: "POST",
  path: "/api/kw/interactions/:id/messages",
  async handler(ctx) {
    const { workerId } = await requireWorkerFor(ctx, ctx.params.id);
    const input = parseWith(messageSchema, await readJson(ctx.req));
    checkMessageSize(input);
    const { message, created } = await ctx.deps.interactions.addMessage(ctx.params.id, { worker: workerId }, input);
    return { status: created ? 201 : 200, body: message };
  },
};

/** POST /api/kw/interactions/{id}/end: the worker ends the chat or hangs up the call. */
export const kwEndRoute: Route = {
  method: "POST",
  path: "/api/kw/interactions/:id/end",
  async handler(ctx) {
    const { workerId } = await requireWorkerFor(ctx, ctx.params.id);
    const s = ctx.deps.interactions;
    return { status: 200, body: s.viewFor(workerId, await s.end(ctx.params.id, { worker: workerId })) };
  },
};

/** POST /api/kw/interactions/{id}/done: after-call work is finished (the `done` action without a body). */
export const kwDoneRoute: Route = {
  method: "POST",
  path: "/api/kw/interactions/:id/done",
  async handler(ctx) {
    const { workerId } = await requireWorkerFor(ctx, ctx.params.id);
    const s = ctx.deps.interactions;
    return { status: 200, body: s.viewFor(workerId, await s.finish(workerId, ctx.params.id)) };
  },
};
