"use client";
import { useEffect, useMemo } from "react";
import useSWR, { SWRConfig } from "swr";
import { api, type WorkerView } from "@/lib/client/api";
import { useForgetGoneDrafts } from "@/lib/client/chat-draft";
import { detectHost, useHost } from "@/lib/client/host";
import type { HostState, Theme } from "@/lib/client/host-context";
import { usePreferredTheme } from "@/lib/client/host-theme";
import { timed } from "@/lib/client/offer-clock";
import { endTeamsAuth, teamsAuthGeneration, useTeamsAuth } from "@/lib/client/teams-auth";
import { teamsSignedOutHere } from "@/lib/client/teams-sign-in";
import { useHydrated } from "@/lib/client/use-hydrated";
import { INTERACTIONS_KEY, ME_KEY, OFFERS_KEY, useLiveWorker } from "@/lib/client/use-live-worker";
import type { FirstPaint } from "@/lib/first-paint";
import { I18nProvider, useI18n, useResolvedLocale } from "@/lib/i18n";
import { AlertSettingsControl } from "./alert-settings-control";
import { ConnectionStatus } from "./connection-status";
import { DesktopPhonePanel } from "./desktop-phone-panel";
import { InteractionArea } from "./interaction-area";
import { KeyboardShortcuts } from "./keyboard-shortcuts";
import { LanguageSelect } from "./language-select";
import { ForegroundOnlyNotice, NotificationsOffer, useOfferAlerts } from "./offer-alerts";
import { PresenceSelect } from "./presence-select";
import { RecentInteractions } from "./recent-interactions";
import { ScopedNote, ScopeEndedPanel } from "./scoped-access";
import { SignInPanel } from "./sign-in-panel";
import { useUnreadAlerts } from "./unread-alerts";

export type ClientLayout = "tab" | "extension";

/**
 * The Knowledge Worker web client: presence, connection, and the interaction area. `initial` is
 * what the server read for this request (the first paint shows it, and SWR starts from it);
 * `initialTheme` the Teams theme named in the tab's URL, until teams-js confirms it (a framed
 * page that no host answers then follows the browser's preference).
 */
export function KnowledgeWorkerClient({ layout, initial, initialTheme }: { layout: ClientLayout; initial?: FirstPaint; initialTheme?: Theme }) {
  const host = useHost();
  useEffect(() => detectHost(), []);
  const preferred = usePreferredTheme();
  // NOTE: inside Teams the Teams theme wins; else the theme the tab's URL named (Teams fills it in,
  // and a host that never answers leaves it standing); with none named, the browser's own
  // preference, followed live.
  const theme = host.kind === "teams" ? host.theme : (initialTheme ?? preferred);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  const fallback = useMemo(() => firstPaintFallback(initial), [initial]);
  return (
    // NOTE: the server's first paint is fresh, and the Bayeux handshake (then every reconnect, and a
    // tab that shows again) reloads all of it (lib/client/use-live-worker.ts): SWR's own refetch
    // on mount and on focus would only do the same work again.
    <SWRConfig value={{ fallback, revalidateIfStale: false, revalidateOnFocus: false }}>
      <LocalizedClient layout={layout} host={host} theme={theme} initiallySignedOut={initial?.signedIn === false} />
    </SWRConfig>
  );
}

/**
 * Inside Teams a sign-out stays put: no reload (Teams' SSO would sign the person straight back
 * in), the sign-in panel waits for their "Sign in".
 */
function signOutInTeams(): void {
  teamsSignedOutHere.mark();
  endTeamsAuth();
}

function firstPaintFallback(initial: FirstPaint | undefined): Record<string, unknown> {
  if (!initial?.signedIn) return {};
  return { [ME_KEY]: initial.me, [OFFERS_KEY]: initial.offers.map((o) => timed(o)), [INTERACTIONS_KEY]: initial.interactions };
}

/**
 * The client in its language: the worker's own choice, else the host's locale (the Teams
 * context's), else the browser's languages, else English (lib/i18n/resolve-locale.ts).
 */
function LocalizedClient({ layout, host, theme, initiallySignedOut }: { layout: ClientLayout; host: HostState; theme: Theme; initiallySignedOut: boolean }) {
  // NOTE: no fetcher: this reads the worker that useLiveWorker (below) fetches and keeps live.
  const { data: worker } = useSWR<WorkerView>(ME_KEY);
  const hostLocale = host.kind === "teams" ? host.locale : undefined;
  // NOTE: a tab signed out here that signs in again through Teams' authentication window starts afresh, keeping its bearer.
  useTeamsAuth();
  const teamsGeneration = teamsAuthGeneration();
  const locale = useResolvedLocale({ choice: worker?.language, hostLocale });
  return (
    <I18nProvider locale={locale}>
      <div data-theme={theme} data-host={host.kind} data-host-reason={host.kind === "standalone" ? host.reason : undefined} className="bg-slate-50 text-slate-900">
        <ClientBody key={teamsGeneration} layout={layout} host={host} hostLocale={hostLocale} initiallySignedOut={initiallySignedOut} />
      </div>
    </I18nProvider>
  );
}

function ClientBody({ layout, host, hostLocale, initiallySignedOut }: { layout: ClientLayout; host: HostState; hostLocale?: string; initiallySignedOut: boolean }) {
  const { t } = useI18n();
  // NOTE: inside Teams the tab may sign in without a cookie (its Teams token as bearer): the
  // server's "signed out" first paint then stops holding once it did.
  const teamsAuth = useTeamsAuth();
  const noSession = initiallySignedOut && teamsAuth.kind !== "signed-in";
  const live = useLiveWorker({ signedIn: noSession ? false : undefined });
  const { data: worker, isLoading, mutate } = live.me;
  const { connection } = live;
  // NOTE: the server found no session: the sign-in shows at once, and nothing is fetched.
  // NOTE: an invitation link's access that ended shows as signed out too (its own page, below).
  const signedOut = live.signedOut || noSession || live.scopeEnded || teamsAuth.kind === "ended";
  // NOTE: a session an invitation link opened: one interaction, no presence, no settings.
  const scoped = live.scoped;
  const offers = live.offers.data ?? [];
  useOfferAlerts(offers);
  useUnreadAlerts(live.held);
  useForgetGoneDrafts(live.held.map((i) => i.id));
  const compact = layout === "extension";
  const width = compact ? "max-w-xl" : "max-w-4xl";
  const hydrated = useHydrated();

  return (
    // NOTE: every control of the first paint is disabled until its handlers are attached: an
    // Accept pressed before that would be lost (a fieldset disables all it holds; it adds no box).
    <fieldset disabled={!hydrated} role="none" className="contents">
      <div className="flex min-h-screen flex-col">
        <header className="border-b border-slate-200 bg-white">
          <div className={`mx-auto flex flex-wrap items-center justify-between gap-x-3 gap-y-2 ${width} ${compact ? "px-4 py-3" : "px-4 py-4 sm:px-6"}`}>
            <div className="min-w-0">
              <h1 className={`${compact ? "text-lg" : "text-xl"} font-semibold text-brand-900`}>{t("app.title")}</h1>
              {worker && !signedOut && (
                <p className="text-sm text-slate-600">
                  {worker.name} <span className="text-slate-400">·</span> {t("app.subtitle")}
                </p>
              )}
            </div>
            {worker && !signedOut && (
              <div className="flex flex-wrap items-center gap-2">
                <ConnectionStatus state={connection} />
                <button
                  type="button"
                  onClick={() => void api.signOut().finally(() => (host.kind === "teams" ? signOutInTeams() : window.location.assign(layout === "extension" ? "/extension" : "/")))}
                  className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100"
                >
                  {t("signout")}
                </button>
              </div>
            )}
          </div>
        </header>
        <main className={`mx-auto flex w-full flex-1 flex-col ${width} ${compact ? "gap-4 p-3 sm:p-4" : "gap-6 p-4 sm:p-6"}`}>
          {host.kind === "standalone" && host.reason === "bad-answer" && (
            <p role="note" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200">
              {t("host.badAnswer")}
            </p>
          )}
          {live.scopeEnded ? (
            <ScopeEndedPanel />
          ) : signedOut ? (
            <SignInPanel />
          ) : worker ? (
            // NOTE: SWR reports isLoading while it revalidates the server's first-paint data: the
            // data is shown all the same.
            <>
              <ForegroundOnlyNotice />
              {scoped ? (
                <ScopedNote compact={compact} />
              ) : (
                <section aria-label={t("presence.section")} className={`rounded-lg bg-white shadow-sm ring-1 ring-slate-200 ${compact ? "p-4" : "p-4 sm:p-5"}`}>
                  <PresenceSelect worker={worker} />
                </section>
              )}
              <InteractionArea
                worker={worker}
                offers={offers}
                interactions={live.held}
                notes={live.notes}
                typing={live.typing}
                onAnswered={live.markAnswered}
                onStale={live.refreshOffers}
                requestedOffer={host.kind === "teams" ? host.subPageId : undefined}
              />
              {/* NOTE: a session an invitation link opened reaches its interaction only (the API says 403). */}
              {!scoped && <DesktopPhonePanel worker={worker} compact={compact} />}
              {!scoped && <RecentInteractions compact={compact} />}
              {!scoped && <NotificationsOffer compact={compact} />}
            </>
          ) : isLoading ? (
            <p role="status" className="text-slate-600">
              {t("loading")}
            </p>
          ) : (
            <div role="alert" className="rounded-md bg-red-50 p-4 text-red-800">
              <p>{t("error.load")}</p>
              <button type="button" onClick={() => void mutate()} className="mt-2 font-medium underline">
                {t("error.retry")}
              </button>
            </div>
          )}
        </main>
        {worker && !signedOut && (
          <footer className="border-t border-slate-200 bg-white">
            <div className={`mx-auto flex flex-wrap items-center justify-between gap-2 ${width} ${compact ? "px-4 py-2" : "px-4 py-3 sm:px-6"}`}>
              {/* NOTE: a session an invitation link opened has no settings: the language is the browser's. */}
              {scoped ? <span /> : <LanguageSelect worker={worker} hostLocale={hostLocale} />}
              <div className="flex flex-wrap items-start gap-2">
                <AlertSettingsControl />
                <KeyboardShortcuts />
              </div>
            </div>
          </footer>
        )}
      </div>
    </fieldset>
  );
}
