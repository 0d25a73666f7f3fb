/**
 * The `teams-activity` IM gateway: an invitation as a Teams activity-feed notification (Microsoft
 * Graph `sendActivityNotification`), the native Teams alert with its own toast and sound, opening
 * the app's tab on the offer through a Teams deep link. It fails over to the next gateway (the bot
 * card) when Graph refuses it, e.g. when the app is not installed for the worker.
 */
import type { GraphActivityPort } from "../graph/graph-port";
import { GatewayError, type ImGateway, type Invitation } from "./gateway";

export interface TeamsActivityGatewayOptions {
  graph: GraphActivityPort;
  /** The Teams app (manifest) id. */
  appId: string;
  /** The static tab's entityId in the manifest. */
  entityId: string;
  /** The manifest's `activities.activityTypes[].type` this notification uses. */
  activityType: string;
}

/** PLATFORM-NOTES "Deep link into a static tab": Teams opens the tab; the tab reads the offer from page.subPageId. */
export function staticTabDeepLink(appId: string, entityId: string, subEntityId: string, webUrl: string, label: string): string {
  const context = encodeURIComponent(JSON.stringify({ subEntityId }));
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(appId)}/${encodeURIComponent(entityId)}?webUrl=${encodeURIComponent(webUrl)}&label=${encodeURIComponent(label)}&context=${context}`;
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
        await options.graph.sendActivityNotification(userId, {
          // NOTE: the fallback webUrl is the invitation link: a Teams client that cannot open the tab opens the Preview in a browser.
          topic: { source: "text", value: title.slice(0, PREVIEW_MAX), webUrl: staticTabDeepLink(options.appId, options.entityId, invitation.offer, invitation.link, title.slice(0, 64)) },
          activityType: options.activityType,
          previewText: { content: invitation.text.slice(0, PREVIEW_MAX) },
          templateParameters: [
            { name: "from", value: interaction.from.slice(0, 100) },
            { name: "media", value: interaction.media },
          ],
          teamsAppId: options.appId,
        });
      } catch (error) {
        throw new GatewayError("teams-activity", (error as Error).message, { cause: error });
      }
    },
  };
}
