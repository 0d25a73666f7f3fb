/**
 * A Teams deep link into the app's static tab, opened on one offer: Teams opens the tab (inside
 * Teams, not a browser) and the tab reads the offer from `page.subPageId`. The sub-entity is the
 * offer's id, not a secret: the tab's own sign-in decides who may see the offer. Used by the
 * invitation card and the activity-feed notification.
 */
import { TEAMS_TAB_ENTITY_ID, TEAMS_TAB_PATH } from "./teams-app";

export interface TabDeepLink {
  /** The Teams app id (lib/im/teams/teams-app.ts `teamsAppId`). */
  appId: string;
  /** The connector's public URL: the tab's page, for a Teams client that cannot open the tab. */
  publicUrl: string;
  /** What Teams shows as the tab's title while it opens. */
  label: string;
  /** The offer the tab opens on (its `page.subPageId`). */
  subEntityId: string;
}

export function tabDeepLink(link: TabDeepLink): string {
  const webUrl = `${link.publicUrl.replace(/\/$/, "")}${TEAMS_TAB_PATH}`;
  const context = encodeURIComponent(JSON.stringify({ subEntityId: link.subEntityId }));
  return (
    `https://teams.microsoft.com/l/entity/${encodeURIComponent(link.appId)}/${encodeURIComponent(TEAMS_TAB_ENTITY_ID)}` +
    `?webUrl=${encodeURIComponent(webUrl)}&label=${encodeURIComponent(link.label)}&context=${context}`
  );
}
