/**
 * Sign-in and sign-out. `GET /signin` is the sign-in page's: with OpenID Connect it sends the
 * browser to the identity provider; otherwise the web client's page shows the dev form (or says
 * how to sign in). `POST /signin` is the dev form's one button.
 */
import { z } from "zod";
import { OIDC_TRANSACTION_TTL_MS } from "../../auth/oidc-transactions";
import { challengeSchema } from "../../auth/teams-handoff";
import { AppError, notFound } from "../../errors";
import { resolveWorker, sessionToken } from "../auth";
import { isCrossSiteFetch, isLoopback, isLoopbackHost, isTls, readForm, safeNextPath } from "../io";
import { parseWith, type Route, type RouteContext } from "../router";
import { forgetSessionCookies, openSession, redirect } from "../session-start";

/**
 * The short-lived cookie that carries an OpenID Connect sign-in under way (sealed, see
 * lib/auth/oidc-transactions.ts) and ties the callback to the browser that started it.
 * NOTE: cookies ignore the port: on 127.0.0.1 a provider's cookies (oidc-provider's `_session`,
 * `_interaction`...) share the jar with ours, hence the `ucc_` prefix on every name.
 */
export const OIDC_COOKIE = "ucc_oidc";

export function oidcCookie(ctx: Pick<RouteContext, "req">, value: string, maxAgeSeconds: number): string {
  // NOTE: Lax is sent on the provider's top-level redirect back; the path keeps it off every other request.
  return [`${OIDC_COOKIE}=${value}`, "Path=/signin", "HttpOnly", "SameSite=Lax", `Max-Age=${maxAgeSeconds}`, ...(isTls(ctx.req) ? ["Secure"] : [])].join("; ");
}

/**
 * The dev sign-in is for a developer's own machine: the demo configuration, a loopback peer, and
 * a loopback Host (a DNS-rebinding page reaches loopback under its own name).
 */
export function devSignInAllowed(ctx: Pick<RouteContext, "req" | "deps">): boolean {
  return ctx.deps.config["sign-in"] === "dev" && isLoopback(ctx.req) && isLoopbackHost(ctx.req);
}

const startQuery = z.object({
  next: z.string().max(512).optional(),
  // NOTE: Teams' authentication window (lib/http/routes/teams-handoff.ts): the tab's challenge comes with it.
  teams: z.literal("1").optional(),
  challenge: challengeSchema.optional(),
});

/** GET /signin[?next=/extension] */
export const signInRoute: Route = {
  method: "GET",
  path: "/signin",
  async handler(ctx) {
    const oidc = ctx.deps.signIn.oidc;
    if (!oidc) return "pages";
    const { next, teams, challenge } = parseWith(startQuery, Object.fromEntries(ctx.url.searchParams));
    if (teams && !challenge) throw new AppError("bad_request", "a sign-in for a Teams tab needs the tab's challenge");
    try {
      const { url, sealed } = await oidc.begin(safeNextPath(next), teams ? challenge : undefined);
      ctx.res.writeHead(303, { location: url, "set-cookie": oidcCookie(ctx, sealed, OIDC_TRANSACTION_TTL_MS / 1000), "cache-control": "no-store" });
      ctx.res.end();
      return "handled";
    } catch (error) {
      ctx.deps.logger.warn({ err: error }, "sign-in could not start");
      return redirect(ctx, "/signin/failed?reason=unavailable");
    }
  },
};

const devForm = z.object({
  worker: z.string().min(1, "name the worker").max(64),
  next: z.string().max(512).optional(),
});

/** POST /signin (form: worker, next): the dev sign-in form's button. */
export const devSignInRoute: Route = {
  method: "POST",
  path: "/signin",
  async handler(ctx) {
    if (ctx.deps.config["sign-in"] !== "dev") throw new AppError("forbidden", "dev sign-in is off in this configuration");
    if (!devSignInAllowed(ctx)) throw new AppError("forbidden", "dev sign-in works only on this machine (loopback address and name)");
    // NOTE: login CSRF: the router refuses a foreign Origin; a browser's Sec-Fetch-Site says the rest.
    if (isCrossSiteFetch(ctx.req)) throw new AppError("forbidden", "sign-in from another site is refused");
    const { worker, next } = parseWith(devForm, await readForm(ctx.req));
    if (!ctx.deps.config.workers.some((w) => w.id === worker)) throw notFound(`worker "${worker}"`);
    const cookie = await openSession(ctx, worker, { how: "dev" });
    return redirect(ctx, safeNextPath(next), [cookie]);
  },
};

/** POST /signout: ends every session of the worker (every window, Bayeux too); presence is kept (B2). */
export const signOutRoute: Route = {
  method: "POST",
  path: "/signout",
  async handler(ctx) {
    const token = sessionToken(ctx);
    // NOTE: inside Teams the tab may have no cookie: its Teams bearer says who signs out.
    const principal = await resolveWorker(ctx);
    // NOTE: a scoped session (an invitation link) ends itself only, never the worker's other sessions.
    if (principal && !principal.scopes) {
      await ctx.deps.signIn.signOutEverywhere(principal.workerId);
      ctx.deps.logger.info({ worker: principal.workerId }, "worker signed out");
    }
    if (token) await ctx.deps.sessions.signOut(token);
    return { status: 200, body: { signedOut: true }, headers: { "set-cookie": forgetSessionCookies(ctx) } };
  },
};

/** GET /api/kw/sign-in-options: what the not-signed-in page may offer. */
export const signInOptionsRoute: Route = {
  method: "GET",
  path: "/api/kw/sign-in-options",
  async handler(ctx) {
    const dev = devSignInAllowed(ctx);
    return {
      status: 200,
      body: {
        dev,
        oidc: Boolean(ctx.deps.signIn.oidc),
        teamsSso: Boolean(ctx.deps.signIn.teams),
        workers: dev ? ctx.deps.config.workers.map(({ id, name }) => ({ id, name })) : [],
      },
    };
  },
};
