/**
 * GET /signin/callback: the identity provider sends the browser back here. The transaction is
 * opened from the browser's cookie (and the cookie cleared), the code exchanged and checked, and
 * the person found among the workers by iss+sub (or Entra's tid+oid), bound to the worker on the
 * first sign-in that matches its upn; anything wrong lands on a page that says what, with no session.
 */
import { matchPerson } from "../../auth/match-person";
import { OidcSignInError } from "../../auth/oidc-sign-in";
import { oidcIdentity } from "../../auth/person-identity";
import { OIDC_CALLBACK_PATH } from "../../auth/sign-in-services";
import { parseCookies } from "../io";
import type { Route } from "../router";
import { openSession, redirect } from "../session-start";
import { OIDC_COOKIE, oidcCookie } from "./sign-in";
import { landTeamsSignIn } from "./teams-handoff";

export const oidcCallbackRoute: Route = {
  method: "GET",
  path: OIDC_CALLBACK_PATH,
  async handler(ctx) {
    const oidc = ctx.deps.signIn.oidc;
    if (!oidc) return "pages";
    const forget = oidcCookie(ctx, "", 0);
    const sealed = parseCookies(ctx.req)[OIDC_COOKIE];
    // NOTE: a sign-in in Teams' authentication window ends on that window's own page, failed or not.
    const teamsChallenge = (await oidc.transactions.open(sealed))?.teamsChallenge;
    let outcome: Awaited<ReturnType<typeof oidc.complete>>;
    try {
      outcome = await oidc.complete(sealed, ctx.url.search);
    } catch (error) {
      const reason = error instanceof OidcSignInError ? error.reason : "invalid";
      ctx.deps.logger.info({ reason, detail: error instanceof Error ? error.message : String(error) }, "OpenID Connect sign-in refused");
      if (teamsChallenge) return landTeamsSignIn(ctx, { ok: false, reason }, [forget]);
      return redirect(ctx, `/signin/failed?reason=${reason}`, [forget]);
    }
    const identity = oidcIdentity(outcome.subject);
    const match = await matchPerson({ workers: ctx.deps.config.workers, store: ctx.deps.store, now: () => new Date() }, identity, outcome.name);
    if (!match.ok) {
      const name = typeof outcome.name === "string" ? outcome.name.slice(0, 256) : undefined;
      ctx.deps.logger.info({ reason: match.reason, name, kind: identity.kind, subject: identity.subject }, "a person who is not a Knowledge Worker here signed in at the identity provider");
      if (teamsChallenge) return landTeamsSignIn(ctx, { ok: false, reason: "unknown" }, [forget]);
      return redirect(ctx, "/signin/unknown", [forget]);
    }
    if (match.by === "first-sign-in") ctx.deps.logger.info({ worker: match.worker.id, kind: identity.kind, subject: identity.subject }, "worker bound to the person who signed in");
    // NOTE: no cookie session in that window: the tab redeems the code for its own (POST /signin/teams/handoff).
    if (outcome.teamsChallenge) return landTeamsSignIn(ctx, { ok: true, workerId: match.worker.id, person: identity, challenge: outcome.teamsChallenge }, [forget]);
    const session = await openSession(ctx, match.worker.id, { how: "oidc" });
    return redirect(ctx, outcome.next, [forget, session]);
  },
};
