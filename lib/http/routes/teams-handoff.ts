/**
 * The organisation sign-in inside Microsoft Teams (README "Inside Microsoft Teams"): the tab opens
 * Teams' authentication window on GET /signin?teams=1&challenge=C (lib/http/routes/sign-in.ts);
 * the OpenID Connect round trip happens in that first-party window; its callback lands on
 * TEAMS_SIGNED_IN_PATH with a handoff code in the fragment, which that page passes to teams-js
 * `authentication.notifySuccess`. The tab redeems it here, POST /signin/teams/handoff
 * {"code","verifier"}, for a session token it keeps in memory and sends as its bearer.
 */
import { z } from "zod";
import { matchPerson } from "../../auth/match-person";
import type { PersonIdentity } from "../../auth/person-identity";
import { MAX_HANDOFF_LENGTH, verifierSchema } from "../../auth/teams-handoff";
import { AppError } from "../../errors";
import { clientAddress } from "../client-info";
import { readJson } from "../io";
import { RateLimiter, rateLimitKey } from "../rate-limit";
import { parseWith, type Route, type RouteContext } from "../router";
import { redirect } from "../session-start";

/** The page in Teams' authentication window that hands the outcome to teams-js (app/signin/teams/signed-in). */
export const TEAMS_SIGNED_IN_PATH = "/signin/teams/signed-in";

/**
 * Ends the window's callback: a code for the tab, or why not, in the fragment (never sent to a
 * server, so in no log or Referer), on a fixed page of this connector (no `next`, no open redirect).
 */
export async function landTeamsSignIn(
  ctx: RouteContext,
  outcome: { ok: true; workerId: string; person: PersonIdentity; challenge: string } | { ok: false; reason: string },
  cookies: string[],
): Promise<"handled"> {
  const handoffs = ctx.deps.signIn.handoffs;
  if (!outcome.ok || !handoffs) return redirect(ctx, `${TEAMS_SIGNED_IN_PATH}#failure=${encodeURIComponent(outcome.ok ? "unavailable" : outcome.reason)}`, cookies);
  const code = await handoffs.issue(outcome);
  return redirect(ctx, `${TEAMS_SIGNED_IN_PATH}#handoff=${code}`, cookies);
}

export const handoffSchema = z.object({ code: z.string().min(1, "code is required").max(MAX_HANDOFF_LENGTH), verifier: verifierSchema }).strict();

/**
 * NOTE: a code is signed and bound to a 256-bit verifier: the limit is against load, not guessing,
 * and roomy enough for an office behind one address signing in at nine.
 */
export const HANDOFF_LIMIT = { burst: 60, perMinute: 60 };
const limiter = new WeakMap<object, RateLimiter>();

/** POST /signin/teams/handoff {"code","verifier"}: 200 {"bearer","worker"}; 401 for a code that is not this tab's to redeem. */
export const teamsHandoffRoute: Route = {
  method: "POST",
  path: "/signin/teams/handoff",
  async handler(ctx) {
    const handoffs = ctx.deps.signIn.handoffs;
    if (!handoffs) throw new AppError("forbidden", "the organisation's sign-in is not configured on this connector");
    let perConnector = limiter.get(ctx.deps);
    if (!perConnector) limiter.set(ctx.deps, (perConnector = new RateLimiter(HANDOFF_LIMIT)));
    const address = clientAddress(ctx.req);
    const wait = perConnector.take(rateLimitKey(address));
    if (wait > 0) {
      ctx.deps.logger.info({ address }, "Teams sign-in handoff refused: too many attempts");
      ctx.res.setHeader("retry-after", String(wait));
      throw new AppError("too_many_requests", `too many sign-in attempts from here; try again in ${wait} s`);
    }
    const { code, verifier } = parseWith(handoffSchema, await readJson(ctx.req, 8 * 1024));
    const redeemed = await handoffs.redeem(code, verifier);
    if (!redeemed.ok) {
      ctx.deps.logger.info({ reason: redeemed.reason, address }, "Teams sign-in handoff refused");
      throw new AppError("unauthorized", "this sign-in is no longer valid here; sign in again");
    }
    // NOTE: the person must still be that worker (a binding changed within the minute is honoured).
    const match = await matchPerson({ workers: ctx.deps.config.workers, store: ctx.deps.store, now: () => new Date() }, redeemed.person, undefined, { bindNew: false });
    if (!match.ok || match.worker.id !== redeemed.workerId) {
      ctx.deps.logger.info({ reason: match.ok ? "another-worker" : match.reason, worker: redeemed.workerId }, "Teams sign-in handoff refused");
      throw new AppError("unauthorized", "this sign-in is no longer valid here; sign in again");
    }
    const { token } = await ctx.deps.sessions.signIn(match.worker.id);
    ctx.deps.logger.info({ worker: match.worker.id, how: "oidc-in-teams" }, "worker signed in");
    return { status: 200, body: { bearer: token, worker: { id: match.worker.id, name: match.worker.name } }, headers: { "cache-control": "no-store" } };
  },
};
