/**
 * The Microsoft Teams app manifest of the UC Connector (schema version pinned below): a personal
 * tab that is also a meeting side panel, both showing `/extension`; the invitation bot when its
 * id is given; `webApplicationInfo` for Teams SSO when the Entra app's client id is given; its
 * texts in the six UI languages (./teams-package-languages.ts); the offer alert's activity type.
 */
import { OFFER_ACTIVITY_TYPE, TEAMS_TAB_ENTITY_ID, TEAMS_TAB_PATH, appBase, stableAppId } from "../lib/im/teams/teams-app";
import { appTexts, DEFAULT_LANGUAGE, languageFiles } from "./teams-package-languages";

export { stableAppId };

/** The manifest schema version this package is written and validated against (the newest @microsoft/app-manifest bundles). */
export const MANIFEST_VERSION = "1.30";
export const MANIFEST_SCHEMA_URL = `https://developer.microsoft.com/en-us/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`;
export const LOCALIZATION_SCHEMA_URL = `https://developer.microsoft.com/en-us/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.Localization.schema.json`;
export const COLOR_ICON = "color.png";
export const OUTLINE_ICON = "outline.png";
export const ACCENT_COLOR = "#2F5BD3";

export interface PackageOptions {
  /** The connector's public https URL (UCC_PUBLIC_URL), e.g. https://connector.example.com. */
  url: URL;
  /** The Teams app id; by default derived from the URL, so rebuilding keeps the same app. */
  appId?: string;
  /** The app version (semver); raise it for every update an administrator uploads. */
  version: string;
  /** The Entra ID app registration used for Teams SSO (webApplicationInfo). */
  clientId?: string;
  /** The bot that sends invitations (Azure Bot / Entra app id); filled by the invitation work. */
  botId?: string;
}

export function buildManifest(options: PackageOptions): Record<string, unknown> {
  const base = appBase(options.url);
  const host = options.url.host;
  const texts = appTexts(DEFAULT_LANGUAGE);
  return {
    $schema: MANIFEST_SCHEMA_URL,
    manifestVersion: MANIFEST_VERSION,
    version: options.version,
    id: options.appId ?? stableAppId(base),
    developer: { name: "UC Connector", websiteUrl: `${base}/`, privacyUrl: `${base}/`, termsOfUseUrl: `${base}/` },
    localizationInfo: {
      defaultLanguageTag: DEFAULT_LANGUAGE,
      additionalLanguages: languageFiles(LOCALIZATION_SCHEMA_URL).map(({ languageTag, file }) => ({ languageTag, file })),
    },
    name: { short: texts["name.short"], full: texts["name.full"] },
    description: { short: texts["description.short"], full: texts["description.full"] },
    icons: { color: COLOR_ICON, outline: OUTLINE_ICON },
    accentColor: ACCENT_COLOR,
    staticTabs: [
      {
        entityId: TEAMS_TAB_ENTITY_ID,
        name: texts["staticTabs[0].name"],
        // NOTE: Teams fills in {theme}, so the first paint already has the Teams theme.
        contentUrl: `${base}${TEAMS_TAB_PATH}?theme={theme}`,
        websiteUrl: `${base}/`,
        scopes: ["personal", "groupChat"],
        context: ["personalTab", "meetingSidePanel"],
      },
    ],
    ...(options.botId
      ? { bots: [{ botId: options.botId, scopes: ["personal"], isNotificationOnly: false, supportsFiles: false, supportsCalling: false, supportsVideo: false }] }
      : {}),
    permissions: ["identity"],
    // NOTE: the tab asks for notification permission (lib/client/alerts.ts: a Preview while hidden).
    devicePermissions: ["notifications"],
    // NOTE: the tab calls app.notifyAppLoaded() once its first paint is useful (lib/client/teams-session.ts).
    showLoadingIndicator: true,
    // The offer alert of the activity feed (Graph sendActivityNotification names this type).
    activities: {
      activityTypes: [
        {
          type: OFFER_ACTIVITY_TYPE,
          description: texts["activities.activityTypes[0].description"],
          templateText: texts["activities.activityTypes[0].templateText"],
        },
      ],
    },
    validDomains: [host],
    ...(options.clientId ? { webApplicationInfo: { id: options.clientId, resource: `api://${host}/${options.clientId}` } } : {}),
  };
}
