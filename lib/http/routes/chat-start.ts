/** POST /api/chat: the customer's web chat page starts a chat; no key, same origin only. */
import { AppError } from "../../errors";
import { readJson } from "../io";
import { clientAddress } from "../client-info";
import { RateLimiter, rateLimitKey } from "../rate-limit";
import { parseWith, type Route } from "../router";
import { startChatSchema } from "./interaction-schemas";

/** A browser may start 5 chats at once, then one every 12 s: plenty for a person, not for a script. */
const START_LIMIT = { burst: 5, perMinute: 5 };

const limiter = new WeakMap<object, RateLimiter>();

export const startChatRoute: Route = {
  method: "POST",
  path: "/api/chat",
  async handler(ctx) {
    const { name, subject } = parseWith(startChatSchema, await readJson(ctx.req));
    // One limiter per connector (tests start several in one process).
    let perConnector = limiter.get(ctx.deps);
    if (!perConnector) limiter.set(ctx.deps, (perConnector = new RateLimiter(START_LIMIT)));
    const wait = perConnector.take(rateLimitKey(clientAddress(ctx.req)));
    if (wait > 0) {
      ctx.res.setHeader("retry-after", String(wait));
      throw new AppError("too_many_requests", `too many chats started from here; try again in ${wait} s`);
    }
    const { interaction, customerToken } = await ctx.deps.interactions.create({ media: "chat", from: name, subject, data: { origin: "web chat" } });
    return { status: 201, body: { id: interaction.id, state: interaction.state, token: customerToken } };
  },
};
