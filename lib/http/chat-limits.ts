/**
 * Per-chat limits on what a customer (or anyone holding a chat's token) can make the connector
 * do over and over: messages, and typing signals of either side. Keyed by the interaction id, not
 * the address: a chat is one conversation wherever its requests come from.
 */
import { AppError } from "../errors";
import { RateLimiter, type RateLimitOptions } from "./rate-limit";
import type { RouteContext } from "./router";

/** A customer may send 10 messages at once, then one a second: faster than anyone types. */
export const CUSTOMER_MESSAGE_LIMIT: RateLimitOptions = { burst: 10, perMinute: 60 };
/**
 * Typing signals, per chat and side. Clients send one every 3 s at most (lib/client/typing.ts)
 * and the connector passes on one a second (typing.ts); beyond this burst a sender is refused.
 */
export const TYPING_LIMIT: RateLimitOptions = { burst: 10, perMinute: 60 };

type Kind = "message" | "typing";
const OPTIONS: Record<Kind, RateLimitOptions> = { message: CUSTOMER_MESSAGE_LIMIT, typing: TYPING_LIMIT };
// NOTE: one set of limiters per connector (tests start several in one process).
const perConnector = new WeakMap<object, Record<Kind, RateLimiter>>();

/** Takes one from the chat's bucket, or refuses with 429 and Retry-After. */
export function limitChat(ctx: RouteContext, kind: Kind, key: string): void {
  let limiters = perConnector.get(ctx.deps);
  if (!limiters) perConnector.set(ctx.deps, (limiters = { message: new RateLimiter(OPTIONS.message), typing: new RateLimiter(OPTIONS.typing) }));
  const wait = limiters[kind].take(key);
  if (wait > 0) {
    ctx.res.setHeader("retry-after", String(wait));
    throw new AppError("too_many_requests", `too many ${kind === "message" ? "messages" : "typing signals"} in this chat; try again in ${wait} s`);
  }
}
