/**
 * The teams gateway: a proactive Adaptive Card in the worker's personal chat with the bot, whose
 * main button opens the app's tab in Teams on the offer and a second one the invitation link in a
 * browser. The sent card is kept (store) until its offer ends; then it is updated in place to say
 * how, with no button left. Fails (and the next gateway is tried) when the app is not installed
 * for the worker, or the Bot Connector refuses or does not answer in time.
 */
import { MessageActivity } from "@microsoft/teams.api";
import type { Store } from "../../store/store";
import type { Logger } from "../../observability/logger";
import { GatewayError, msUntil, type ImGateway, type Invitation } from "../gateway";
import { invitationCard, invitationEndedCard } from "./adaptive-card";
import { tabDeepLink } from "./deep-link";
import type { TeamsBot } from "./teams-bot";
import { teamsAppId } from "./teams-app";
import { createTranslator } from "../../i18n/translator";

export const TEAMS_SEND_TIMEOUT_MS = 10_000;

export interface TeamsGatewayOptions {
  bot: TeamsBot;
  store: Store;
  /** `im.gateways[teams]."app-id"`: the Teams app id when not derived from the public URL. */
  appId?: string;
  logger: Logger;
  now?: () => Date;
}

export function createTeamsGateway({ bot, store, appId, logger, now = () => new Date() }: TeamsGatewayOptions): ImGateway {
  /** Sends under way by offer: an offer that ends meanwhile waits for its card to be kept. */
  const sending = new Map<string, Promise<unknown>>();
  return {
    name: "teams",
    send(invitation) {
      const sent = sendCard(invitation);
      sending.set(invitation.offer, sent);
      return sent.finally(() => sending.delete(invitation.offer));
    },
    async ended({ offer, outcome, locale }) {
      await sending.get(offer)?.catch(() => undefined);
      const sent = await store.getTeamsCard(offer);
      if (!sent) return;
      try {
        const card = invitationEndedCard(sent.interaction, outcome, locale);
        await bot.update(sent, new MessageActivity().addCard("adaptive", card as never));
      } finally {
        // NOTE: one try: a card the Bot Connector refuses to update stays as it was (the chain logs it).
        await store.forgetTeamsCard(offer);
      }
    },
  };

  async function sendCard(invitation: Invitation): Promise<void> {
    const deepLink = tabDeepLink({
      appId: teamsAppId(invitation.publicUrl, appId),
      publicUrl: invitation.publicUrl,
      label: createTranslator(invitation.locale).t("interactions.heading"),
      subEntityId: invitation.offer,
    });
    const card = invitationCard(invitation, deepLink);
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
      const { media, from, subject } = invitation.interaction;
      // NOTE: the card is delivered: failing to keep it must not send another invitation
      // through the next gateway; only its update at the offer's end is lost.
      await store
        .keepTeamsCard({ offer: invitation.offer, worker: invitation.worker.id, ...outcome, interaction: { media, from, subject }, sentAt: now().toISOString() })
        .then(() => store.durable())
        .catch((error: unknown) => logger.error({ err: error, worker: invitation.worker.id, offer: invitation.offer }, "Teams: the sent card could not be kept; it will not be updated"));
    } catch (error) {
      if (error instanceof GatewayError) throw error;
      throw new GatewayError("teams", `sending failed: ${describe(error)}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}

function describe(error: unknown): string {
  const e = error as { response?: { status?: number }; code?: string; message?: string };
  return e.response?.status ? `HTTP ${e.response.status}` : (e.code ?? e.message ?? String(error));
}
