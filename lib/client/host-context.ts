/**
 * What the web client knows of the window it runs in: standalone (a browser tab, a UC client's
 * conversation window) or inside Microsoft Teams, with the Teams theme, locale and user. Pure, and
 * free of zod: the main bundle imports it (teams-context.ts parses the host's answer, lazily).
 */

/** The themes Teams has; the client has one look for each. */
export const THEMES = ["default", "dark", "contrast"] as const;
export type Theme = (typeof THEMES)[number];

export type StandaloneReason =
  /** A top-level page with no opener: no host can be there, so none is waited for. */
  | "top-level"
  /** Framed (or opened by another window), but nothing answered teams-js in time. */
  | "no-answer"
  /** Something answered teams-js, but not as Microsoft Teams does. */
  | "bad-answer";

export interface TeamsInfo {
  theme: Theme;
  /** A BCP 47 tag, e.g. "en-us" (Teams' own casing); see `hostLocale`. */
  locale: string;
  /** The signed-in Teams user, as Teams names them (for the Teams SSO sign-in to match). */
  user: { upn?: string; id?: string; tenant?: string };
  /** Which Teams surface: a tab ("content"), a meeting side panel ("sidePanel")… */
  frameContext: string;
  hostName: string;
  /** The offer a Teams deep link opened the tab on (its `subEntityId`, teams-js `page.subPageId`). */
  subPageId?: string;
}

export type HostState =
  | { kind: "detecting" }
  | { kind: "standalone"; reason: StandaloneReason }
  | ({ kind: "teams"; suspended: boolean } & TeamsInfo);

/** A theme name from Teams ("default", "dark", "contrast"); anything else is the default look. */
export function normaliseTheme(value: unknown): Theme {
  return typeof value === "string" && (THEMES as readonly string[]).includes(value) ? (value as Theme) : "default";
}

/**
 * Whether a host could be there at all: a frame, or a window that another window opened (Teams
 * opens some pages as pop-ups). A top-level page with no opener is standalone at once.
 */
export function mayHaveHost(win: { self: unknown; top: unknown; opener: unknown }): boolean {
  return win.self !== win.top || Boolean(win.opener);
}
