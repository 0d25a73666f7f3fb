/** POST /api/chat: the customer's web chat page starts a chat; no key, same origin only. */
import { readJson } from "../io";
import { parseWith, type Route } from "../router";
import { startChatSchema } from "./interaction-schemas";

export const startChatRoute: Route = {
  method: "POST",
  path: "/api/chat",
  async handler(ctx) {
    const { name, subject } = parseWith(startChatSchema, await readJson(ctx.req));
    const { interaction, customerToken } = await ctx.deps.interactions.create({ media: "chat", from: name, subject, data: { origin: "web chat" } });
    return { status: 201, body: { id: interaction.id, state: interaction.state, token: customerToken } };
  },
};
