/**
 * Plays Microsoft Teams for the web client in a browser test: a page at the connector's own
 * origin (so both teams-js and the page's frame-ancestors accept it) that frames the app and
 * answers teams-js (see teams-host.html). Reusable: the Teams SSO sign-in tests give it the
 * token `authentication.getAuthToken` should answer.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type FrameLocator, type Page } from "@playwright/test";

export type TeamsTheme = "default" | "dark" | "contrast";

export interface TeamsHostOptions {
  /** The page to frame, e.g. `${connector.url}/extension`. */
  appUrl: string;
  theme?: TeamsTheme;
  locale?: string;
  user?: { upn: string; id?: string; tenant?: string };
  /** "content" for a tab, "sidePanel" for a meeting side panel. */
  frameContext?: string;
  /** What `authentication.getAuthToken()` answers: a token, or a failure with this reason. */
  authToken?: string | { error: string };
  /** Whether the host supports app caching (teamsCore): then it can suspend and resume the tab. */
  appCaching?: boolean;
  /** The sub-entity a deep link names (teams-js `page.subPageId`): the offer the tab opens on. */
  subEntityId?: string;
  /** "teams" answers as Teams does; "nonsense" answers every request with junk; "silent" never answers. */
  behaviour?: "teams" | "nonsense" | "silent";
  /** Where the host page is (default: the app's origin); another site, e.g. "https://teams.microsoft.com", frames the app cross-site. */
  hostOrigin?: string;
  /** `authentication.authenticate` succeeds and the next token is this one; unset: the person closes the window. */
  afterAuthenticate?: string;
  /**
   * "window": `authentication.authenticate` opens its URL for real in a popup of the host page and
   * answers with what teams-js there passes to notifySuccess / notifyFailure (the popup's closing
   * answers "CancelledByUser"), as Teams' authentication window does. Default: `afterAuthenticate`.
   */
  authenticate?: "window";
  /** teams-js fetches valid domains from a CDN at load: "offline" fails it at once, "hanging" never answers. */
  cdn?: "offline" | "hanging";
}

/** The path the host page is served at, on the app's origin (never reaches the connector). */
export const TEAMS_HOST_PATH = "/__tests__/teams-host";
const TEAMS_JS_CDN = "https://res.cdn.office.net/**";

declare global {
  interface Window {
    teamsHost: {
      count(func: string): number;
      argsOf(func: string): unknown[][];
      funcs(): string[];
      setTheme(theme: TeamsTheme): void;
      setAuthToken(token: { value: string } | { error: string }): void;
      beforeUnload(): void;
      load(subEntityId?: string): void;
    };
  }
}

const tokenConfig = (token: TeamsHostOptions["authToken"]) =>
  typeof token === "object" ? { error: token.error } : { value: token ?? "no-token-configured" };

export class TeamsHost {
  private constructor(
    readonly page: Page,
    readonly appUrl: string,
  ) {}

  /** Opens the host page in `page`, framing the app. Sign in (cookie) before, as Teams SSO is not here yet. */
  static async open(page: Page, options: TeamsHostOptions): Promise<TeamsHost> {
    const origin = options.hostOrigin ?? new URL(options.appUrl).origin;
    const config = {
      appUrl: options.appUrl,
      theme: options.theme ?? "default",
      locale: options.locale ?? "en-us",
      user: { upn: "alex.morgan@contoso.example", id: "00000000-0000-0000-0000-0000000000a1", tenant: "00000000-0000-0000-0000-00000000c0de", ...options.user },
      frameContext: options.frameContext ?? "content",
      authToken: tokenConfig(options.authToken),
      appCaching: options.appCaching ?? true,
      behaviour: options.behaviour ?? "teams",
      subEntityId: options.subEntityId ?? "",
      ...(options.authenticate ? { authenticate: options.authenticate } : {}),
      ...(options.afterAuthenticate ? { afterAuthenticate: tokenConfig(options.afterAuthenticate) } : {}),
    };
    const html = readFileSync(path.join(__dirname, "teams-host.html"), "utf8").replace(
      "__CONFIG__",
      JSON.stringify(config).replace(/</g, "\\u003c"),
    );
    await page.route(`${origin}${TEAMS_HOST_PATH}`, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }));
    await page.route(TEAMS_JS_CDN, (route) => (options.cdn === "hanging" ? undefined : route.abort("internetdisconnected")));
    // NOTE: the authentication window is a page of its own: its teams-js fetches the list too.
    if (options.authenticate === "window") await page.context().route(TEAMS_JS_CDN, (route) => route.abort("internetdisconnected"));
    await page.goto(`${origin}${TEAMS_HOST_PATH}`);
    return new TeamsHost(page, options.appUrl);
  }

  /** The framed app, to find controls in by role and name. */
  get app(): FrameLocator {
    return this.page.frameLocator("#app");
  }

  /** How many times the app sent this teams-js request (e.g. "readyToUnload"). */
  count(func: string): Promise<number> {
    return this.page.evaluate((f) => window.teamsHost.count(f), func);
  }

  async setTheme(theme: TeamsTheme): Promise<void> {
    await this.page.evaluate((t) => window.teamsHost.setTheme(t), theme);
  }

  /** The arguments of every such teams-js request the app sent, oldest first. */
  argsOf(func: string): Promise<unknown[][]> {
    return this.page.evaluate((f) => window.teamsHost.argsOf(f), func);
  }

  /** What the next `authentication.getAuthToken()` answers. */
  async setAuthToken(token: string | { error: string }): Promise<void> {
    await this.page.evaluate((t) => window.teamsHost.setAuthToken(t), tokenConfig(token));
  }

  /** Teams caches the tab: hides it, posts beforeUnload, and waits for the app's readyToUnload. */
  async suspend(): Promise<void> {
    const before = await this.count("readyToUnload");
    await this.page.evaluate(() => window.teamsHost.beforeUnload());
    await expect.poll(() => this.count("readyToUnload")).toBeGreaterThan(before);
  }

  /**
   * Teams shows the cached tab again (posts load), on another sub-entity when a deep link names
   * one, and waits for the app's notifySuccess.
   */
  async resume(subEntityId?: string): Promise<void> {
    const before = await this.count("appInitialization.success");
    await this.page.evaluate((s) => window.teamsHost.load(s), subEntityId);
    await expect.poll(() => this.count("appInitialization.success")).toBeGreaterThan(before);
  }
}
