/** Who is calling: an integrator with the API key, or a signed-in Knowledge Worker. */
import { createHash, timingSafeEqual } from "node:crypto";
import type { WorkerPrincipal } from "../bayeux/authorizer";
import { resolveTabBearer } from "../auth/bearer-kind";
import { SESSION_COOKIE } from "../connector/sessions";
import { TeamsTokenError } from "../auth/teams-token";
import { AppError } from "../errors";
import { hasTrustedClientCertificate, viaMtlsListener } from "../tls/https-server";
import type { AppDeps } from "./deps";
import { parseCookies } from "./io";
import type { RouteContext } from "./router";

const digest = (value: string) => createHash("sha256").update(value).digest();
/** The configured keys' digests, made once each (the keys change only with the configuration). */
const keyDigests = new Map<string, Buffer>();
function keyDigest(key: string): Buffer {
  let made = keyDigests.get(key);
  if (!made) keyDigests.set(key, (made = digest(key)));
  return made;
}

function bearer(ctx: RouteContext): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(ctx.req.headers.authorization ?? "");
  return match?.[1].trim();
}

/** The default key and the configured ones; the default is named "default". */
export function apiKeysOf(deps: Pick<AppDeps, "apiKey" | "config">): Array<{ name: string; key: string }> {
  const keys = deps.apiKey ? [{ name: "default", key: deps.apiKey }] : [];
  return [...keys, ...(deps.config["api-keys"] ?? [])];
}

/**
 * The name of the API key this token is, or undefined. NOTE: every key is compared, by digest
 * (constant time whatever the lengths), so the time taken tells nothing of which one matched.
 */
export function matchApiKey(keys: ReadonlyArray<{ name: string; key: string }>, token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  const presented = digest(token);
  let name: string | undefined;
  for (const candidate of keys) {
    if (timingSafeEqual(presented, keyDigest(candidate.key)) && name === undefined) name = candidate.name;
  }
  return name;
}

/**
 * With MTLS on, a key alone is not enough: the call must come in on the MTLS listener (the pages'
 * port never asks for a certificate) with a trusted client certificate.
 */
function requireClientCertificate(ctx: RouteContext): void {
  if (ctx.deps.mtls && !viaMtlsListener(ctx.req)) {
    const where = ctx.deps.mtlsUrl?.() ?? "the MTLS port (--mtls-port)";
    throw new AppError("unauthorized", `this API needs MTLS: call it at ${where} with a client certificate signed by the configured CA`);
  }
  if (ctx.deps.mtls && !hasTrustedClientCertificate(ctx.req)) {
    throw new AppError("unauthorized", "this API needs a client certificate signed by the configured CA (MTLS)");
  }
}

const isApiKey = (ctx: RouteContext, token: string | undefined) => matchApiKey(apiKeysOf(ctx.deps), token) !== undefined;

export function requireApiKey(ctx: RouteContext): void {
  requireClientCertificate(ctx);
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
  if (isApiKey(ctx, token)) {
    // NOTE: the customer's chat page is a page: only the integrator's calls need the certificate.
    requireClientCertificate(ctx);
    return "integrator";
  }
  const owned = token ? await ctx.deps.interactions.customerInteraction(token) : undefined;
  if (!owned) throw new AppError("unauthorized", "send the API key, or the customer token of this interaction, as Authorization: Bearer <token>");
  if (owned !== interactionId) throw new AppError("forbidden", "this customer token is for another interaction");
  return "customer";
}

export function sessionToken(ctx: Pick<RouteContext, "req">): string | undefined {
  return parseCookies(ctx.req)[SESSION_COOKIE];
}

/**
 * The worker a request is signed in as: by `Authorization: Bearer` when it has one (the tab
 * inside Teams' iframe, where no cookie may come: its Teams token, or the session its
 * organisation sign-in was handed, lib/auth/bearer-kind.ts), else by the session cookie.
 * NOTE: an API key route never takes either kind, and an API key signs no worker in here. A
 * bearer needs no CSRF defence (a browser never attaches it by itself); a cookie keeps the
 * router's Origin check.
 */
export async function resolveWorker(ctx: RouteContext): Promise<WorkerPrincipal | undefined> {
  const token = bearer(ctx);
  if (token === undefined) return ctx.deps.sessions.resolve(sessionToken(ctx));
  return resolveBearer(ctx, token);
}

/** A tab's bearer of either kind (lib/auth/bearer-kind.ts): the worker it signs in, or undefined. */
export async function resolveBearer(ctx: Pick<RouteContext, "deps">, token: string): Promise<WorkerPrincipal | undefined> {
  try {
    return await resolveTabBearer(token, {
      sessions: ctx.deps.sessions,
      teams: ctx.deps.signIn?.bearer,
      // NOTE: the tab's newest Teams token: Teams presence subscriptions are made and renewed on behalf of it.
      seenTeamsToken: (worker, teamsToken) => ctx.deps.teamsTokens?.seen(worker, teamsToken),
    });
  } catch (error) {
    if (error instanceof TeamsTokenError) throw new AppError("unavailable", `Teams sign-in unavailable: ${error.message}`);
    throw error;
  }
}

/** A signed-in worker, full or scoped (reads that a scoped session sees filtered to its scope). */
export async function requireSignedIn(ctx: RouteContext): Promise<WorkerPrincipal> {
  const principal = await resolveWorker(ctx);
  if (!principal) throw new AppError("unauthorized", "sign in first");
  return principal;
}

const SCOPED_REFUSAL = "this session was opened by an invitation link and reaches its interaction only; sign in for everything";

/** A worker with a full session: a session scoped by an invitation link gets 403. */
export async function requireWorker(ctx: RouteContext): Promise<WorkerPrincipal> {
  const principal = await requireSignedIn(ctx);
  if (principal.scopes) throw new AppError("forbidden", SCOPED_REFUSAL);
  return principal;
}

/** Whether the principal may reach this interaction: a full session, or one scoped to it. */
export const reaches = (principal: WorkerPrincipal, interactionId: string) =>
  !principal.scopes || principal.scopes.some((s) => s.interaction === interactionId);

/** A worker who may act on this interaction: a full session, or one scoped to it. */
export async function requireWorkerFor(ctx: RouteContext, interactionId: string): Promise<WorkerPrincipal> {
  const principal = await requireSignedIn(ctx);
  if (!reaches(principal, interactionId)) throw new AppError("forbidden", SCOPED_REFUSAL);
  return principal;
}
