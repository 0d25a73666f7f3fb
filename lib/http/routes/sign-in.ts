import { z } from "zod";
import { SESSION_COOKIE, SESSION_TTL_MS } from "../../connector/sessions";
import { AppError, notFound } from "../../errors";
import { isLoopback, isTls } from "../io";
import { parseWith, type Route } from "../router";
import { sessionToken } from "../auth";

const querySchema = z.object({ worker: z.string().min(1, "name the worker, e.g. ?worker=kw1").max(64) });

export function sessionCookie(token: string, secure: boolean, maxAgeMs = SESSION_TTL_MS): string {
  return [
    `${SESSION_COOKIE}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${Math.floor(maxAgeMs / 1000)}`,
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

/** GET /signin?worker=kw1: dev sign-in, only with `"sign-in": "dev"` and only from loopback. */
export const signInRoute: Route = {
  method: "GET",
  path: "/signin",
  async handler(ctx) {
    if (ctx.deps.config["sign-in"] !== "dev") {
      throw new AppError("forbidden", "dev sign-in is off in this configuration");
    }
    if (!isLoopback(ctx.req)) throw new AppError("forbidden", "dev sign-in works only from this machine (loopback)");
    const { worker } = parseWith(querySchema, Object.fromEntries(ctx.url.searchParams));
    if (!(await ctx.deps.store.getWorker(worker))) throw notFound(`worker "${worker}"`);
    const { token } = await ctx.deps.sessions.signIn(worker);
    ctx.deps.logger.info({ worker }, "worker signed in (dev sign-in)");
    ctx.res.writeHead(303, { location: "/", "set-cookie": sessionCookie(token, isTls(ctx.req)), "cache-control": "no-store" });
    ctx.res.end();
    return "handled";
  },
};

/** POST /signout: ends the session; the worker's presence is kept (B2). */
export const signOutRoute: Route = {
  method: "POST",
  path: "/signout",
  async handler(ctx) {
    const token = sessionToken(ctx);
    if (token) await ctx.deps.sessions.signOut(token);
    return { status: 200, body: { signedOut: true }, headers: { "set-cookie": sessionCookie("", isTls(ctx.req), 0) } };
  },
};

/** GET /api/kw/sign-in-options: what the not-signed-in page may offer (dev sign-in links). */
export const signInOptionsRoute: Route = {
  method: "GET",
  path: "/api/kw/sign-in-options",
  async handler(ctx) {
    const dev = ctx.deps.config["sign-in"] === "dev" && isLoopback(ctx.req);
    return {
      status: 200,
      body: { dev, workers: dev ? ctx.deps.config.workers.map(({ id, name }) => ({ id, name })) : [] },
    };
  },
};
