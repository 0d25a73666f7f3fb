import { z } from "zod";
import { SELECTABLE_PRESENCES } from "../../domain/presence";
import { AppError, notFound } from "../../errors";
import { MAX_TEAMS_TOKEN_LENGTH } from "../../auth/teams-token";
import { requireSignedIn, requireWorker, resolveBearer } from "../auth";
import { readJson } from "../io";
import { parseWith, type Route } from "../router";
import { meView } from "../kw-reads";

/** GET /api/kw/me: the signed-in worker, for the web client; `scopes` says an invitation link's session. */
export const kwMeRoute: Route = {
  method: "GET",
  path: "/api/kw/me",
  async handler(ctx) {
    const { workerId, scopes } = await requireSignedIn(ctx);
    const worker = await ctx.deps.presence.get(workerId);
    if (!worker) throw new AppError("unauthorized", "this worker is no longer configured; sign in again");
    return { status: 200, body: await meView(ctx.deps, worker, scopes) };
  },
};

const presenceSchema = z
  .object({ presence: z.enum(SELECTABLE_PRESENCES, { error: `must be one of ${SELECTABLE_PRESENCES.join(", ")}` }) })
  .strict();

/** PUT /api/kw/presence: the presence drop-down (B1). */
export const kwPresenceRoute: Route = {
  method: "PUT",
  path: "/api/kw/presence",
  async handler(ctx) {
    const { workerId } = await requireWorker(ctx);
    const { presence } = parseWith(presenceSchema, await readJson(ctx.req));
    const worker = await ctx.deps.presence.setPresence(workerId, presence, "web-client");
    return { status: 200, body: await meView(ctx.deps, worker) };
  },
};

/**
 * NOTE: sendBeacon cannot set Authorization: a tab inside Teams with no cookie puts its bearer
 * (either kind, lib/auth/bearer-kind.ts) in the body, checked as the header would be.
 */
const windowClosedSchema = z.object({ clientId: z.string().min(1).max(128), bearer: z.string().min(1).max(MAX_TEAMS_TOKEN_LENGTH).optional() }).strict();

/** POST /api/kw/windows/closed: a window says goodbye as it unloads (sent with sendBeacon). */
export const kwWindowClosedRoute: Route = {
  method: "POST",
  path: "/api/kw/windows/closed",
  async handler(ctx) {
    const { clientId, bearer } = parseWith(windowClosedSchema, await readJson(ctx.req, 32 * 1024));
    const principal = bearer === undefined ? await requireWorker(ctx) : await resolveBearer(ctx, bearer);
    if (!principal) throw new AppError("unauthorized", "sign in first");
    if (principal.scopes) throw new AppError("forbidden", "a session opened by an invitation link has no window to close");
    const owner = ctx.deps.tracker.workerOf(clientId);
    if (owner === undefined) throw notFound("window");
    if (owner !== principal.workerId) throw new AppError("forbidden", "that window belongs to someone else");
    ctx.deps.tracker.close(clientId);
    return { status: 200, body: { closed: true } };
  },
};
