/**
 * The Microsoft Teams app manifest of the UC Connector (schema version pinned below): a personal
 * tab that is also a meeting side panel, both showing `/extension`; the invitation bot when its
 * id is given; `webApplicationInfo` for Teams SSO when the Entra app's client id is given.
 */
import { createHash } from "node:crypto";

/** The manifest schema version this package is written and validated against. */
export const MANIFEST_VERSION = "1.22";
export const MANIFEST_SCHEMA_URL = `https://developer.microsoft.com/en-us/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`;
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

/** A stable GUID-shaped id from a name (a name-based UUID, version 5 layout over SHA-256). */
export function stableAppId(name: string): string {
  const hex = createHash("sha256").update(`ucc-teams-app:${name}`).digest("hex").slice(0, 32).split("");
  hex[12] = "5";
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

export function buildManifest(options: PackageOptions): Record<string, unknown> {
  const origin = options.url.origin;
  const base = `${origin}${options.url.pathname.replace(/\/$/, "")}`;
  const host = options.url.host;
  return {
    $schema: MANIFEST_SCHEMA_URL,
    manifestVersion: MANIFEST_VERSION,
    version: options.version,
    id: options.appId ?? stableAppId(base),
    developer: { name: "UC Connector", websiteUrl: `${base}/`, privacyUrl: `${base}/`, termsOfUseUrl: `${base}/` },
    name: { short: "UC Connector", full: "UC Connector for Knowledge Workers" },
    description: {
      short: "Take contact-center chats and calls when you are free.",
      full: "The UC Connector offers you contact-center chats and calls while your presence is Available: accept or reject each Preview, then handle the interaction here, in a Teams tab or a meeting side panel.",
    },
    icons: { color: COLOR_ICON, outline: OUTLINE_ICON },
    accentColor: ACCENT_COLOR,
    staticTabs: [
      {
        entityId: "ucc-extension",
        name: "Interactions",
        // NOTE: Teams fills in {theme}, so the first paint already has the Teams theme.
        contentUrl: `${base}/extension?theme={theme}`,
        websiteUrl: `${base}/`,
        scopes: ["personal", "groupChat"],
        context: ["personalTab", "meetingSidePanel"],
      },
    ],
    ...(options.botId
      ? { bots: [{ botId: options.botId, scopes: ["personal"], isNotificationOnly: false, supportsFiles: false, supportsCalling: false, supportsVideo: false }] }
      : {}),
    permissions: ["identity"],
    showLoadingIndicator: true,
    validDomains: [host],
    ...(options.clientId ? { webApplicationInfo: { id: options.clientId, resource: `api://${host}/${options.clientId}` } } : {}),
  };
}
