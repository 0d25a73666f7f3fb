/**
 * Opening a worker's session at the end of any sign-in (dev form, OpenID Connect, Teams SSO).
 * NOTE: the session rotates: the one this browser held before (if any) ends here, so a token
 * planted before sign-in (session fixation) or copied earlier stops working.
 */
import { expiredSessionCookie, sessionCookie } from "../auth/session-cookie";
import { sessionToken } from "./auth";
import { isTls } from "./io";
import type { RouteContext } from "./router";
import type { SessionScope } from "../store/store";

/** Starts the session; resolves with the Set-Cookie value that carries it. */
export async function openSession(
  ctx: RouteContext,
  workerId: string,
  options: { thirdParty?: boolean; how: string; scope?: SessionScope },
): Promise<string> {
  const previous = sessionToken(ctx);
  if (previous) await ctx.deps.sessions.signOut(previous);
  const { token } = await ctx.deps.sessions.signIn(workerId, options.scope && [options.scope]);
  ctx.deps.logger.info({ worker: workerId, how: options.how, rotated: Boolean(previous), scoped: Boolean(options.scope) }, "worker signed in");
  return sessionCookie(token, { secure: isTls(ctx.req), thirdParty: options.thirdParty });
}

/** Set-Cookie values that make the browser forget the session, in a Teams frame's partition too. */
export function forgetSessionCookies(ctx: Pick<RouteContext, "req">): string[] {
  const secure = isTls(ctx.req);
  const plain = expiredSessionCookie(secure);
  return secure ? [plain, sessionCookie("", { secure, thirdParty: true, maxAgeMs: 0 })] : [plain];
}

/** A 303 to a path on this connector, with cookies. */
export function redirect(ctx: RouteContext, location: string, cookies: string[] = []): "handled" {
  ctx.res.writeHead(303, { location, "cache-control": "no-store", ...(cookies.length ? { "set-cookie": cookies } : {}) });
  ctx.res.end();
  return "handled";
}
