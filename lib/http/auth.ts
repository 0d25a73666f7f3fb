/** Who is calling: an integrator with the API key, or a signed-in Knowledge Worker. */
import { createHash, timingSafeEqual } from "node:crypto";
import type { Principal } from "../bayeux/authorizer";
import { SESSION_COOKIE } from "../connector/sessions";
import { AppError } from "../errors";
import { parseCookies } from "./io";
import type { RouteContext } from "./router";

const digest = (value: string) => createHash("sha256").update(value).digest();

export function requireApiKey(ctx: RouteContext): void {
  const header = ctx.req.headers.authorization ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header);
  // NOTE: comparing digests keeps the comparison constant-time whatever the lengths.
  if (!match || !timingSafeEqual(digest(match[1].trim()), digest(ctx.deps.apiKey))) {
    throw new AppError("unauthorized", "send the integration API key as Authorization: Bearer <UCC_API_KEY>");
  }
}

export function sessionToken(ctx: Pick<RouteContext, "req">): string | undefined {
  return parseCookies(ctx.req)[SESSION_COOKIE];
}

export async function requireWorker(ctx: RouteContext): Promise<Principal> {
  const principal = await ctx.deps.sessions.resolve(sessionToken(ctx));
  if (!principal) throw new AppError("unauthorized", "sign in first");
  return principal;
}
