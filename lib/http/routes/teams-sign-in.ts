/**
 * POST /signin/teams {"token"}: inside Microsoft Teams the client sends the token teams-js gave
 * it (`authentication.getAuthToken`); a good token of a worker (by tid+oid, bound on the first
 * sign-in that matches a worker's upn) opens the person's Teams grant, so the tab's later calls
 * may carry the token as a bearer (lib/auth/teams-bearer.ts), and a session cookie for a browser
 * that keeps one in the Teams iframe (lib/auth/session-cookie.ts).
 */
import { z } from "zod";
import { matchPerson } from "../../auth/match-person";
import { entraIdentity } from "../../auth/person-identity";
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
    // NOTE: tid+oid is the person; the upn only finds the worker on the first sign-in, which binds them.
    const person = entraIdentity(identity.tenant, identity.oid);
    const match = await matchPerson({ workers: ctx.deps.config.workers, store: ctx.deps.store, now: () => new Date() }, person, identity.name);
    if (!match.ok) {
      ctx.deps.logger.info({ reason: match.reason, subject: person.subject }, "Teams sign-in of a person who is not a Knowledge Worker here");
      throw new AppError("forbidden", "you are not a Knowledge Worker on this connector");
    }
    if (match.by === "first-sign-in") ctx.deps.logger.info({ worker: match.worker.id, kind: person.kind, subject: person.subject }, "worker bound to the person who signed in");
    const worker = match.worker;
    // NOTE: the grant lets the tab's Teams tokens sign it in where the cookie is blocked (lib/auth/teams-bearer.ts).
    await ctx.deps.signIn.bearer?.grant(person, worker.id);
    ctx.deps.teamsTokens?.seen(worker.id, token);
    const cookie = await openSession(ctx, worker.id, { how: "teams", thirdParty: true });
    return { status: 200, body: { worker: { id: worker.id, name: worker.name } }, headers: { "set-cookie": cookie } };
  },
};
