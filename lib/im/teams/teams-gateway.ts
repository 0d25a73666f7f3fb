/**
 * The teams gateway: a proactive Adaptive Card in the worker's personal chat with the bot, whose
 * button opens the invitation link. Fails (and the next gateway is tried) when the app is not
 * installed for the worker, or the Bot Connector refuses or does not answer in time.
 */
import { MessageActivity } from "@microsoft/teams.api";
import { GatewayError, msUntil, type ImGateway } from "../gateway";
import { invitationCard } from "./adaptive-card";
import type { TeamsBot } from "./teams-bot";

export const TEAMS_SEND_TIMEOUT_MS = 10_000;

export function createTeamsGateway(bot: TeamsBot): ImGateway {
  return {
    name: "teams",
    async send(invitation) {
      const card = invitationCard(invitation);
      // NOTE: the summary is what Teams shows in its notification and chat list; a text would
      // show as a message of its own above the card.
      const activity = new MessageActivity()
        .addCard("adaptive", card as never)
        .withSummary(`${invitation.interaction.from}: ${invitation.text}`.slice(0, 200));
      const limit = Math.min(TEAMS_SEND_TIMEOUT_MS, msUntil(invitation.expiresAt));
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        const outcome = await Promise.race([
          bot.send(invitation.worker.id, activity),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error("the Bot Connector did not answer in time")), limit);
          }),
        ]);
        if (outcome === "not-installed") throw new GatewayError("teams", `the app is not installed for ${invitation.worker.id}`);
      } catch (error) {
        if (error instanceof GatewayError) throw error;
        throw new GatewayError("teams", `sending failed: ${describe(error)}`, { cause: error });
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

function describe(error: unknown): string {
  const e = error as { response?: { status?: number }; code?: string; message?: string };
  return e.response?.status ? `HTTP ${e.response.status}` : (e.code ?? e.message ?? String(error));
}
