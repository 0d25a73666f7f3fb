/**
 * The `teams-activity` IM gateway: an invitation as a Teams activity-feed notification (Microsoft
 * Graph `sendActivityNotification`), the native Teams alert with its own toast and sound, opening
 * the app's tab on the offer through the same Teams deep link as the invitation card. It fails
 * over to the next gateway (the bot card) when Graph refuses it, e.g. when the app is not
 * installed for the worker.
 */
import type { GraphActivityPort } from "../graph/graph-port";
import { createTranslator } from "../i18n/translator";
import { GatewayError, type ImGateway, type Invitation } from "./gateway";
import { tabDeepLink } from "./teams/deep-link";
import { OFFER_ACTIVITY_TYPE, teamsAppId } from "./teams/teams-app";

export interface TeamsActivityGatewayOptions {
  graph: GraphActivityPort;
  /** The Teams app (manifest) id when not derived from the public URL (lib/im/teams/teams-app.ts). */
  appId?: string;
  /**
   * The manifest's `activities.activityTypes[].type` this notification uses. NOTE: Graph refuses
   * a type the installed manifest does not declare; the package declares OFFER_ACTIVITY_TYPE.
   */
  activityType?: string;
}

/** Graph's previewText is short: Teams cuts it at 150 characters. */
const PREVIEW_MAX = 150;

export function createTeamsActivityGateway(options: TeamsActivityGatewayOptions): ImGateway {
  const userIds = new Map<string, string>();
  return {
    name: "teams-activity",
    async send(invitation: Invitation) {
      const { worker, interaction } = invitation;
      if (!worker.upn) throw new GatewayError("teams-activity", `worker ${worker.id} has no upn`);
      try {
        let userId = userIds.get(worker.upn);
        if (!userId) {
          userId = await options.graph.userIdOf(worker.upn);
          userIds.set(worker.upn, userId);
        }
        const title = interaction.subject || interaction.from;
        const appId = teamsAppId(invitation.publicUrl, options.appId);
        const webUrl = tabDeepLink({
          appId,
          publicUrl: invitation.publicUrl,
          label: createTranslator(invitation.locale).t("interactions.heading"),
          subEntityId: invitation.offer,
        });
        await options.graph.sendActivityNotification(userId, {
          topic: { source: "text", value: title.slice(0, PREVIEW_MAX), webUrl },
          activityType: options.activityType ?? OFFER_ACTIVITY_TYPE,
          previewText: { content: invitation.text.slice(0, PREVIEW_MAX) },
          templateParameters: [
            { name: "from", value: interaction.from.slice(0, 100) },
            { name: "media", value: interaction.media },
          ],
          teamsAppId: appId,
        });
      } catch (error) {
        throw new GatewayError("teams-activity", (error as Error).message, { cause: error });
      }
    },
  };
}
