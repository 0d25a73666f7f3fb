/**
 * GET /signin/callback: the identity provider sends the browser back here. The transaction is
 * taken once (a replayed callback finds none), the code exchanged and checked, and the person
 * found among the workers; anything wrong lands on a page that says what, with no session.
 */
import { findWorkerByName } from "../../auth/find-worker";
import { OidcSignInError } from "../../auth/oidc-sign-in";
import { OIDC_CALLBACK_PATH } from "../../auth/sign-in-services";
import { parseCookies } from "../io";
import type { Route } from "../router";
import { openSession, redirect } from "../session-start";
import { OIDC_COOKIE, oidcCookie } from "./sign-in";

export const oidcCallbackRoute: Route = {
  method: "GET",
  path: OIDC_CALLBACK_PATH,
  async handler(ctx) {
    const oidc = ctx.deps.signIn.oidc;
    if (!oidc) return "pages";
    const forget = oidcCookie(ctx, "", 0);
    let outcome: Awaited<ReturnType<typeof oidc.complete>>;
    try {
      outcome = await oidc.complete(parseCookies(ctx.req)[OIDC_COOKIE], ctx.url.search);
    } catch (error) {
      const reason = error instanceof OidcSignInError ? error.reason : "invalid";
      ctx.deps.logger.info({ reason, detail: error instanceof Error ? error.message : String(error) }, "OpenID Connect sign-in refused");
      return redirect(ctx, `/signin/failed?reason=${reason}`, [forget]);
    }
    const worker = findWorkerByName(ctx.deps.config.workers, outcome.name);
    if (!worker) {
      ctx.deps.logger.info({ name: typeof outcome.name === "string" ? outcome.name : undefined }, "a person who is not a Knowledge Worker here signed in at the identity provider");
      return redirect(ctx, "/signin/unknown", [forget]);
    }
    const session = await openSession(ctx, worker.id, { how: "oidc" });
    return redirect(ctx, outcome.next, [forget, session]);
  },
};
