/** Who is calling: an integrator with the API key, or a signed-in Knowledge Worker. */
import { createHash, timingSafeEqual } from "node:crypto";
import type { WorkerPrincipal } from "../bayeux/authorizer";
import { SESSION_COOKIE } from "../connector/sessions";
import { AppError } from "../errors";
import { parseCookies } from "./io";
import type { RouteContext } from "./router";

const digest = (value: string) => createHash("sha256").update(value).digest();

function bearer(ctx: RouteContext): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(ctx.req.headers.authorization ?? "");
  return match?.[1].trim();
}

// NOTE: comparing digests keeps the comparison constant-time whatever the lengths.
const isApiKey = (ctx: RouteContext, token: string | undefined) =>
  token !== undefined && timingSafeEqual(digest(token), digest(ctx.deps.apiKey));

export function requireApiKey(ctx: RouteContext): void {
  if (!isApiKey(ctx, bearer(ctx))) {
    throw new AppError("unauthorized", "send the integration API key as Authorization: Bearer <UCC_API_KEY>");
  }
}

/**
 * The integration API key, or the customer token of this one interaction (the customer's chat
 * page uses the same API with the token it was given, and reaches nothing else).
 */
export async function requireApiKeyOrCustomer(ctx: RouteContext, interactionId: string): Promise<"integrator" | "customer"> {
  const token = bearer(ctx);
  if (isApiKey(ctx, token)) return "integrator";
  const owned = token ? await ctx.deps.interactions.customerInteraction(token) : undefined;
  if (!owned) throw new AppError("unauthorized", "send the API key, or the customer token of this interaction, as Authorization: Bearer <token>");
  if (owned !== interactionId) throw new AppError("forbidden", "this customer token is for another interaction");
  return "customer";
}

export function sessionToken(ctx: Pick<RouteContext, "req">): string | undefined {
  return parseCookies(ctx.req)[SESSION_COOKIE];
}

export async function requireWorker(ctx: RouteContext): Promise<WorkerPrincipal> {
  const principal = await ctx.deps.sessions.resolve(sessionToken(ctx));
  if (!principal) throw new AppError("unauthorized", "sign in first");
  return principal;
}
