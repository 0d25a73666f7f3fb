/**
 * The desktop companion's pairing (B11): the signed-in worker gets a one-time code, the
 * companion exchanges it for its credential, the worker can unpair. GET tells the web client's
 * Desktop phone panel what the connector knows of the worker's companion.
 */
import { companionPairSchema } from "../../companion/protocol";
import type { CompanionService } from "../../connector/companion/companion-service";
import { AppError } from "../../errors";
import { requireWorker } from "../auth";
import { clientAddress } from "../client-info";
import { readJson } from "../io";
import { RateLimiter, rateLimitKey } from "../rate-limit";
import { parseWith, type Route, type RouteContext } from "../router";

/** NOTE: a code is about 50 bits and lives 10 min; 10 tries at once then one every 6 s per address makes guessing hopeless. */
const PAIR_LIMIT = { burst: 10, perMinute: 10 };
const limiter = new WeakMap<object, RateLimiter>();

function companionOf(ctx: RouteContext): CompanionService {
  if (!ctx.deps.companion) throw new AppError("unavailable", "desktop companions are not served now; try again");
  return ctx.deps.companion;
}

/** GET /api/kw/companion: {"connected","softphone","paired"} of the signed-in worker's companion. */
export const kwCompanionRoute: Route = {
  method: "GET",
  path: "/api/kw/companion",
  async handler(ctx) {
    const { workerId } = await requireWorker(ctx);
    return { status: 200, body: await companionOf(ctx).viewFor(workerId) };
  },
};

/** POST /api/kw/companion/pairing-code: 201 {"code","expiresAt"}; shown once, replaces any earlier code. */
export const kwPairingCodeRoute: Route = {
  method: "POST",
  path: "/api/kw/companion/pairing-code",
  async handler(ctx) {
    const { workerId } = await requireWorker(ctx);
    const { code, expiresAt } = await companionOf(ctx).pairing.newCode(workerId);
    return { status: 201, body: { code, expiresAt }, headers: { "cache-control": "no-store" } };
  },
};

/** DELETE /api/kw/companion: forgets the worker's companion credentials and ends its sessions. */
export const kwUnpairRoute: Route = {
  method: "DELETE",
  path: "/api/kw/companion",
  async handler(ctx) {
    const { workerId } = await requireWorker(ctx);
    const credentials = await companionOf(ctx).unpair(workerId);
    return { status: 200, body: { unpaired: true, credentials } };
  },
};

/** POST /api/companion/pair {"worker","code"}: 201 {"credential"}; no session, rate-limited per address. */
export const companionPairRoute: Route = {
  method: "POST",
  path: "/api/companion/pair",
  async handler(ctx) {
    let perConnector = limiter.get(ctx.deps);
    if (!perConnector) limiter.set(ctx.deps, (perConnector = new RateLimiter(PAIR_LIMIT)));
    const wait = perConnector.take(rateLimitKey(clientAddress(ctx.req)));
    if (wait > 0) {
      ctx.res.setHeader("retry-after", String(wait));
      throw new AppError("too_many_requests", `too many pairing attempts from here; try again in ${wait} s`);
    }
    const { worker, code } = parseWith(companionPairSchema, await readJson(ctx.req));
    const credential = await companionOf(ctx).pair(worker, code);
    return { status: 201, body: { credential }, headers: { "cache-control": "no-store" } };
  },
};
