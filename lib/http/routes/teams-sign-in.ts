/**
 * POST /signin/teams {"token"}: inside Microsoft Teams the client sends the token teams-js gave
 * it (`authentication.getAuthToken`); a good token of a worker opens a session whose cookie works
 * inside the Teams iframe (lib/auth/session-cookie.ts).
 */
import { z } from "zod";
import { findWorkerByName } from "../../auth/find-worker";
import { TeamsTokenError } from "../../auth/teams-token";
import { AppError } from "../../errors";
import { readJson } from "../io";
import { parseWith, type Route } from "../router";
import { openSession } from "../session-start";

/** A JWT of Entra ID is a few kilobytes at most. */
export const teamsSignInSchema = z.object({ token: z.string().min(16, "token is required").max(16_384) }).strict();

export const teamsSignInRoute: Route = {
  method: "POST",
  path: "/signin/teams",
  async handler(ctx) {
    const teams = ctx.deps.signIn.teams;
    if (!teams) throw new AppError("forbidden", "Teams SSO is not configured on this connector");
    const { token } = parseWith(teamsSignInSchema, await readJson(ctx.req, 32 * 1024));
    let identity;
    try {
      identity = await teams.verify(token);
    } catch (error) {
      if (error instanceof TeamsTokenError) {
        throw new AppError(error.kind === "unavailable" ? "unavailable" : "unauthorized", `Teams sign-in refused: ${error.message}`);
      }
      throw error;
    }
    const worker = findWorkerByName(ctx.deps.config.workers, identity.name);
    if (!worker) throw new AppError("forbidden", "you are not a Knowledge Worker on this connector");
    const cookie = await openSession(ctx, worker.id, { how: "teams", thirdParty: true });
    return { status: 200, body: { worker: { id: worker.id, name: worker.name } }, headers: { "set-cookie": cookie } };
  },
};
