import { z } from "zod";
import { requireApiKey } from "../auth";
import { parseWith, type Route } from "../router";

const MAX_PAGE = 1000;

export const listEventsQuery = z.object({
  after: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(0).default(0),
  limit: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1).max(MAX_PAGE).default(MAX_PAGE),
});

/** GET /api/v1/events?after={seq}&limit={n}: reporting events, oldest first. */
export const listEventsRoute: Route = {
  method: "GET",
  path: "/api/v1/events",
  async handler(ctx) {
    requireApiKey(ctx);
    const { after, limit } = parseWith(listEventsQuery, Object.fromEntries(ctx.url.searchParams));
    return { status: 200, body: await ctx.deps.reporting.events(after, limit) };
  },
};
