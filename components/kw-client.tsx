"use client";
import useSWR from "swr";
import { api, type WorkerView } from "@/lib/client/api";
import { ME_KEY, useLiveWorker } from "@/lib/client/use-live-worker";
import { I18nProvider, useI18n, useResolvedLocale } from "@/lib/i18n";
import { ConnectionStatus } from "./connection-status";
import { InteractionArea } from "./interaction-area";
import { LanguageSelect } from "./language-select";
import { AlertNotices, useOfferAlerts } from "./offer-alerts";
import { PresenceSelect } from "./presence-select";
import { SignInPanel } from "./sign-in-panel";

export type ClientLayout = "tab" | "extension";

/**
 * The Knowledge Worker web client: presence, connection, and the interaction area. Its language:
 * the worker's own choice, else the host's locale (`hostLocale`: the Teams context's, once Teams
 * is detected), else the browser's languages, else English (lib/i18n/resolve-locale.ts).
 */
export function KnowledgeWorkerClient({ layout, hostLocale }: { layout: ClientLayout; hostLocale?: string | null }) {
  // NOTE: no fetcher: this reads the worker that useLiveWorker (below) fetches and keeps live.
  const { data: worker } = useSWR<WorkerView>(ME_KEY);
  const locale = useResolvedLocale({ choice: worker?.language, hostLocale });
  return (
    <I18nProvider locale={locale}>
      <ClientBody layout={layout} hostLocale={hostLocale} />
    </I18nProvider>
  );
}

function ClientBody({ layout, hostLocale }: { layout: ClientLayout; hostLocale?: string | null }) {
  const { t } = useI18n();
  const live = useLiveWorker();
  const { data: worker, error, isLoading, mutate } = live.me;
  const { connection, signedOut } = live;
  const offers = live.offers.data ?? [];
  useOfferAlerts(offers);
  const compact = layout === "extension";
  const width = compact ? "max-w-xl" : "max-w-4xl";

  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-slate-200 bg-white">
        <div className={`mx-auto flex flex-wrap items-center justify-between gap-3 ${width} ${compact ? "px-4 py-3" : "px-4 py-4 sm:px-6"}`}>
          <div>
            <h1 className={`${compact ? "text-lg" : "text-xl"} font-semibold text-brand-900`}>{t("app.title")}</h1>
            {worker && !signedOut && (
              <p className="text-sm text-slate-600">
                {worker.name} <span className="text-slate-400">·</span> {t("app.subtitle")}
              </p>
            )}
          </div>
          {worker && !signedOut && (
            <div className="flex items-center gap-3">
              <ConnectionStatus state={connection} />
              <button
                type="button"
                onClick={() => void api.signOut().finally(() => window.location.assign(layout === "extension" ? "/extension" : "/"))}
                className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100"
              >
                {t("signout")}
              </button>
            </div>
          )}
        </div>
      </header>
      <main className={`mx-auto flex w-full flex-1 flex-col ${width} ${compact ? "gap-4 p-4" : "gap-6 p-4 sm:p-6"}`}>
        {signedOut ? (
          <SignInPanel />
        ) : isLoading ? (
          <p role="status" className="text-slate-600">
            {t("loading")}
          </p>
        ) : error || !worker ? (
          <div role="alert" className="rounded-md bg-red-50 p-4 text-red-800">
            <p>{t("error.load")}</p>
            <button type="button" onClick={() => void mutate()} className="mt-2 font-medium underline">
              {t("error.retry")}
            </button>
          </div>
        ) : (
          <>
            <AlertNotices compact={compact} />
            <section aria-label={t("presence.section")} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-5">
              <PresenceSelect worker={worker} />
            </section>
            <InteractionArea
              worker={worker}
              offers={offers}
              interactions={live.held}
              notes={live.notes}
              typing={live.typing}
              onAnswered={live.markAnswered}
              onStale={live.refreshOffers}
            />
          </>
        )}
      </main>
      {worker && !signedOut && !error && (
        <footer className="border-t border-slate-200 bg-white">
          <div className={`mx-auto ${width} ${compact ? "px-4 py-2" : "px-4 py-3 sm:px-6"}`}>
            <LanguageSelect worker={worker} hostLocale={hostLocale} />
          </div>
        </footer>
      )}
    </div>
  );
}
