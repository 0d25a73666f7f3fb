/**
 * POST /api/teams/messages: the Teams bot's messaging endpoint (Bot Connector activities). The
 * Teams SDK checks the Bot Framework token; with allow-unauthenticated (a local stand-in for
 * Teams) only loopback may call it.
 */
import { AppError, notFound } from "../../errors";
import { TEAMS_BOT_PATH } from "../../im/teams/bot-path";
import { isLoopback, readJson } from "../io";
import type { Route } from "../router";

export const teamsBotRoute: Route = {
  method: "POST",
  path: TEAMS_BOT_PATH,
  async handler(ctx) {
    const bot = ctx.deps.teamsBot;
    if (!bot) throw notFound("the Teams bot (no teams gateway is configured)");
    if (bot.unauthenticated && !isLoopback(ctx.req)) {
      throw new AppError("forbidden", "this bot accepts unauthenticated activities from loopback only");
    }
    const body = await readJson(ctx.req);
    const headers = Object.fromEntries(Object.entries(ctx.req.headers).filter(([, v]) => v !== undefined)) as Record<string, string | string[]>;
    const reply = await bot.handle({ body, headers });
    return { status: reply.status, body: reply.body ?? {} };
  },
};
