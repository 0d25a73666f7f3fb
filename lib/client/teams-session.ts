/**
 * The client's side of Microsoft Teams, through @microsoft/teams-js: initialize, read the context,
 * follow theme changes, and take part in app caching (a cached tab is suspended, not closed).
 * Loaded with a dynamic import, and only in a window where a host may be: a top-level page never
 * downloads teams-js (nor its fetch of valid domains from a CDN).
 */
import { app, authentication } from "@microsoft/teams-js";
import { normaliseTheme, type Theme, type TeamsInfo } from "./host-context";
import { parseTeamsContext } from "./teams-context";

export interface TeamsCallbacks {
  onTheme(theme: Theme): void;
  /** Teams is about to hide this tab and keep it cached; resolves once the client let go. */
  onSuspend(): Promise<void>;
  /** The cached tab is shown again; `info` is the context read anew (a deep link may name another offer). */
  onResume(info: TeamsInfo | undefined): void;
}

export type TeamsOutcome = { kind: "teams"; info: TeamsInfo; cached: boolean } | { kind: "bad-answer"; detail: string };

/**
 * Initializes teams-js and reads the context. Never settles when no host answers (teams-js waits
 * 60 s): the caller races it against its own time limit.
 */
export async function startTeams(callbacks: TeamsCallbacks): Promise<TeamsOutcome> {
  try {
    await app.initialize();
    // NOTE: the server's first paint is already useful (the worker, presence, open Previews):
    // Teams may drop its loading indicator now, not after the page's own fetches.
    app.notifyAppLoaded();
    const info = parseTeamsContext(await app.getContext());
    if (!info) return { kind: "bad-answer", detail: "the context is not shaped like Teams'" };
    app.registerOnThemeChangeHandler((theme) => callbacks.onTheme(normaliseTheme(theme)));
    const cached = followAppCaching(callbacks);
    app.notifySuccess();
    return { kind: "teams", info, cached };
  } catch (error) {
    return { kind: "bad-answer", detail: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * App caching (teams-js app.lifecycle): Teams hides a cached tab instead of closing it, and shows
 * it again later, perhaps from a deep link naming another offer; the context is read anew then.
 * NOTE: the lifecycle handlers have no isSupported(): a host without app caching never calls them.
 */
function followAppCaching(callbacks: TeamsCallbacks): boolean {
  // NOTE: the returned promise is what Teams waits for (up to 30 s) before it caches the tab.
  app.lifecycle.registerBeforeSuspendOrTerminateHandler(() => callbacks.onSuspend());
  app.lifecycle.registerOnResumeHandler(() => {
    void app
      .getContext()
      .then(parseTeamsContext, () => undefined)
      .then((info) => {
        callbacks.onResume(info);
        // NOTE: after the resume is handled, so the loading indicator shows until the tab is current.
        app.notifySuccess();
      });
  });
  return true;
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

/**
 * In Teams' authentication window, the organisation sign-in's last page: hands the code to the
 * tab that opened it (or why there is none); Teams then closes the window. NOTE: teams-js sends
 * it only to an opener at one of Teams' origins, so a page that opened this one itself gets nothing.
 */
export async function handOverTeamsSignIn(outcome: { code: string } | { failure: string }): Promise<void> {
  await app.initialize();
  if ("code" in outcome) authentication.notifySuccess(outcome.code);
  else authentication.notifyFailure(outcome.failure);
}
