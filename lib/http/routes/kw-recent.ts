import { requireWorker } from "../auth";
import { parseWith, type Route } from "../router";
import { recentQuery } from "./kw-recent-schema";

/**
 * GET /api/kw/recent?since=<ISO>&limit=: the signed-in worker's finished interactions since then
 * (within the last 48 h), newest first, at most 50. A session an invitation link opened gets 403:
 * it reaches its own interaction only.
 */
export const kwRecentRoute: Route = {
  method: "GET",
  path: "/api/kw/recent",
  async handler(ctx) {
    const { workerId } = await requireWorker(ctx);
    const { since, limit } = parseWith(recentQuery, Object.fromEntries(ctx.url.searchParams));
    return { status: 200, body: await ctx.deps.interactions.recentFor(workerId, new Date(since), limit) };
  },
};
