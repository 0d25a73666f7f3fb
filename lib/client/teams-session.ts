/**
 * The client's side of Microsoft Teams, through @microsoft/teams-js: initialize, read the context,
 * follow theme changes, and take part in app caching (a cached tab is suspended, not closed).
 * Loaded with a dynamic import, and only in a window where a host may be: a top-level page never
 * downloads teams-js (nor its fetch of valid domains from a CDN).
 */
import { app, authentication, teamsCore } from "@microsoft/teams-js";
import { normaliseTheme, type Theme, type TeamsInfo } from "./host-context";
import { parseTeamsContext } from "./teams-context";

export interface TeamsCallbacks {
  onTheme(theme: Theme): void;
  /** Teams is about to hide this tab and keep it cached; resolves once the client let go. */
  onSuspend(): Promise<void>;
  /** The cached tab is shown again. */
  onResume(): void;
}

export type TeamsOutcome = { kind: "teams"; info: TeamsInfo; cached: boolean } | { kind: "bad-answer"; detail: string };

/**
 * Initializes teams-js and reads the context. Never settles when no host answers (teams-js waits
 * 60 s): the caller races it against its own time limit.
 */
export async function startTeams(callbacks: TeamsCallbacks): Promise<TeamsOutcome> {
  try {
    await app.initialize();
    const info = parseTeamsContext(await app.getContext());
    if (!info) return { kind: "bad-answer", detail: "the context is not shaped like Teams'" };
    app.registerOnThemeChangeHandler((theme) => callbacks.onTheme(normaliseTheme(theme)));
    const cached = teamsCore.isSupported();
    if (cached) {
      teamsCore.registerBeforeUnloadHandler((readyToUnload) => {
        // NOTE: Teams waits up to 30 s for readyToUnload and then does not cache the tab.
        void callbacks.onSuspend().finally(readyToUnload);
        return true;
      });
      teamsCore.registerOnLoadHandler(() => {
        callbacks.onResume();
        app.notifySuccess();
      });
    }
    app.notifySuccess();
    return { kind: "teams", info, cached };
  } catch (error) {
    return { kind: "bad-answer", detail: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * A Teams SSO token for the connector's back end to check (the Teams sign-in uses it); only after
 * startTeams found Teams. Not a Graph token.
 */
export function teamsAuthToken(): Promise<string> {
  return authentication.getAuthToken();
}

/**
 * Opens Teams' authentication window (a popup) on a page of the connector, e.g. the consent page;
 * resolves with what that page passed to `authentication.notifySuccess`. The identity provider
 * only ever loads in that window, never in the tab's iframe.
 */
export function teamsAuthenticate(url: string): Promise<string> {
  return authentication.authenticate({ url, width: 600, height: 535 });
}

/**
 * In Teams' authentication window (the consent page's end): tells the tab that opened it how it
 * went; Teams then closes the window.
 */
export async function finishTeamsAuthentication(failure: string | undefined): Promise<void> {
  await app.initialize();
  if (failure) authentication.notifyFailure(failure);
  else authentication.notifySuccess("consented");
}
