import { z } from "zod";
import { ALL_PRESENCES, SELECTABLE_PRESENCES } from "../../domain/presence";
import { requireApiKey } from "../auth";
import { readJson } from "../io";
import { parseWith, type Route } from "../router";
import { workerView } from "./worker-view";

/** The UC side reports a presence it chose; after-call work is the connector's own to set. */
export const ucPresenceSchema = z
  .object({
    presence: z.enum(SELECTABLE_PRESENCES, {
      error: (issue) =>
        ALL_PRESENCES.includes(issue.input as never)
          ? "after-call-work is set by the connector, not by the UC side"
          : `must be one of ${SELECTABLE_PRESENCES.join(", ")}`,
    }),
  })
  .strict();

/** PUT /api/v1/workers/{id}/presence: presence synchronisation from the UC side. */
export const putWorkerPresenceRoute: Route = {
  method: "PUT",
  path: "/api/v1/workers/:id/presence",
  async handler(ctx) {
    requireApiKey(ctx);
    const { presence } = parseWith(ucPresenceSchema, await readJson(ctx.req));
    const worker = await ctx.deps.presence.setPresence(ctx.params.id, presence, "uc");
    return { status: 200, body: await workerView(ctx.deps, worker) };
  },
};
