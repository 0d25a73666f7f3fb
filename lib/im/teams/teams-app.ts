/**
 * The Teams app's identity, shared by the package script (scripts/teams-package*.ts) and the
 * connector (the invitation card's deep link, the activity feed): one source, so the deep link
 * names the app the administrator uploaded. By default the app id is derived from the
 * connector's public URL; `im.gateways[teams]."app-id"` and the script's `--app-id` override it.
 */
import { createHash } from "node:crypto";

/** The static tab's entityId in the manifest: what a deep link opens. */
export const TEAMS_TAB_ENTITY_ID = "ucc-extension";
/** The page the tab shows, under the connector's public URL. */
export const TEAMS_TAB_PATH = "/extension";

/** A stable GUID-shaped id from a name (a name-based UUID, version 5 layout over SHA-256). */
export function stableAppId(name: string): string {
  const hex = createHash("sha256").update(`ucc-teams-app:${name}`).digest("hex").slice(0, 32).split("");
  hex[12] = "5";
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** The connector's public URL as the package writes it: origin and path, no trailing slash. */
export function appBase(publicUrl: string | URL): string {
  const url = new URL(publicUrl);
  return `${url.origin}${url.pathname.replace(/\/$/, "")}`;
}

/** The Teams app id: the one configured, else the one the package script derives from the same URL. */
export function teamsAppId(publicUrl: string | URL, configured?: string): string {
  return configured ?? stableAppId(appBase(publicUrl));
}

/**
 * The activity-feed type of an offer's alert, declared in the manifest's
 * `activities.activityTypes`: a `sendActivityNotification` must name it exactly.
 */
export const OFFER_ACTIVITY_TYPE = "interactionOffered";
