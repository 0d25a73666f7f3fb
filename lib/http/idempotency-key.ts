/** The Idempotency-Key header of POST /api/v1/interactions, read at the edge (after the API key check). */
import { idempotentRequest, type IdempotentRequest } from "../connector/interactions/idempotency";
import { AppError } from "../errors";
import { apiKeysOf, matchApiKey } from "./auth";
import type { RouteContext } from "./router";
import { idempotencyKeySchema } from "./routes/interaction-schemas";

export const IDEMPOTENCY_HEADER = "idempotency-key";

/** The request's key with what the connector needs to keep it, or undefined without the header. */
export function idempotencyOf(ctx: RouteContext, input: unknown): IdempotentRequest | undefined {
  const raw = ctx.req.headers[IDEMPOTENCY_HEADER];
  if (raw === undefined) return undefined;
  const parsed = idempotencyKeySchema.safeParse(raw);
  if (!parsed.success) throw new AppError("bad_request", parsed.error.issues[0].message);
  const secret = /^Bearer\s+(.+)$/i.exec(ctx.req.headers.authorization ?? "")?.[1].trim();
  const name = matchApiKey(apiKeysOf(ctx.deps), secret);
  // NOTE: requireApiKey ran first; this only names the key (each key's names are its own).
  if (name === undefined || secret === undefined) throw new AppError("unauthorized", "send the integration API key as Authorization: Bearer <UCC_API_KEY>");
  return idempotentRequest({ name, secret }, parsed.data, input);
}
