import { notFound } from "../../errors";
import { requireApiKey } from "../auth";
import type { Route } from "../router";
import { workerView } from "./worker-view";

/** GET /api/v1/workers/{id}: a worker's presence, open windows and interactions. */
export const getWorkerRoute: Route = {
  method: "GET",
  path: "/api/v1/workers/:id",
  async handler(ctx) {
    requireApiKey(ctx);
    const worker = await ctx.deps.presence.get(ctx.params.id);
    if (!worker) throw notFound(`worker "${ctx.params.id}"`);
    return { status: 200, body: await workerView(ctx.deps, worker) };
  },
};
