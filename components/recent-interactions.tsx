"use client";
import { useId, useState } from "react";
import { useRecentInteractions, useRecentTranscript } from "@/lib/client/recent-interactions";
import { useHydrated } from "@/lib/client/use-hydrated";
import { useTranscriptPages } from "@/lib/client/transcript-pages";
import { useWorkspaceTexts } from "@/lib/client/workspace-texts";
import { errorReason, useI18n } from "@/lib/i18n";
import type { ChatMessageView, RecentInteractionView } from "@/lib/protocol";
import { Transcript } from "./transcript";

const card = "rounded-lg bg-white shadow-sm ring-1 ring-slate-200";

/**
 * Recent interactions: what the worker finished today (its browser's day), newest first, each
 * with its media, end time and disposition, and a chat's transcript on demand. Kept live by
 * lib/client/use-live-worker.ts, which revalidates it when one of the worker's interactions is done.
 */
export function RecentInteractions({ compact }: { compact: boolean }) {
  const { t } = useI18n();
  const headingId = useId();
  const recent = useRecentInteractions(true);
  const hydrated = useHydrated();
  const list = recent.data;
  return (
    <section aria-labelledby={headingId} aria-busy={list === undefined && !recent.error} className={`${card} ${compact ? "p-4" : "p-4 sm:p-5"}`}>
      <h2 id={headingId} className="text-lg font-semibold text-slate-900">
        {t("recent.heading")}
      </h2>
      {recent.error && list === undefined ? (
        <div role="alert" className="mt-2 rounded-md bg-red-50 p-3 text-sm text-red-800">
          <p>{t("recent.error", { reason: errorReason(t, recent.error) })}</p>
          <button type="button" onClick={() => void recent.mutate()} className="mt-1 font-medium underline">
            {t("error.retry")}
          </button>
        </div>
      ) : list === undefined ? (
        // NOTE: the list is the browser's day: the first paint has none yet, and says nothing until the page runs.
        <p className="mt-2 min-h-5 text-sm text-slate-600">{hydrated ? t("loading") : ""}</p>
      ) : list.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">{t("recent.empty")}</p>
      ) : (
        <ul className="mt-2 flex flex-col divide-y divide-slate-200">
          {list.map((i) => (
            <RecentItem key={i.id} interaction={i} />
          ))}
        </ul>
      )}
    </section>
  );
}

function RecentItem({ interaction: i }: { interaction: RecentInteractionView }) {
  const { t, format } = useI18n();
  const { dispositionLabel } = useWorkspaceTexts();
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <li className="flex flex-col gap-1 py-3 first:pt-1 last:pb-0">
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <h3 id={`${id}-name`} className="min-w-0 break-words font-medium text-slate-900">
          {i.from}
        </h3>
        <p className="text-xs text-slate-600">
          <span className="rounded bg-slate-100 px-1.5 py-0.5 font-medium text-slate-700">{t("recent.media", { media: i.media })}</span>{" "}
          <time dateTime={i.doneAt} className="tabular-nums">
            {t("recent.ended", { time: format.time(i.doneAt) })}
          </time>
        </p>
      </div>
      {i.subject && <p className="break-words text-sm text-slate-700">{i.subject}</p>}
      {i.disposition !== undefined && <p className="text-sm text-slate-700">{t("recent.disposition", { label: dispositionLabel(i.disposition) })}</p>}
      {i.note && <p className="break-words text-sm text-slate-600">{t("recent.note", { note: i.note })}</p>}
      {i.media === "chat" && (
        <>
          <button
            type="button"
            aria-expanded={open}
            aria-controls={`${id}-transcript`}
            aria-describedby={`${id}-name`}
            onClick={() => setOpen((o) => !o)}
            className="mt-1 self-start rounded-md px-3 py-1 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100"
          >
            {open ? t("recent.hideTranscript") : t("recent.showTranscript")}
          </button>
          <div id={`${id}-transcript`} hidden={!open}>
            {open && <RecentTranscript interaction={i} />}
          </div>
        </>
      )}
    </li>
  );
}

/** A finished chat's transcript: the newest page, earlier ones on demand (the held chat's paging). */
function RecentTranscript({ interaction: i }: { interaction: RecentInteractionView }) {
  const { t } = useI18n();
  const page = useRecentTranscript(i.id, true);
  if (page.error) {
    return (
      <p role="alert" className="mt-2 text-sm text-red-800">
        {t("recent.transcriptError", { reason: errorReason(t, page.error) })}
      </p>
    );
  }
  if (!page.data) return <p className="mt-2 text-sm text-slate-600">{t("loading")}</p>;
  return <LoadedTranscript id={i.id} from={i.from} messages={page.data.messages} hasEarlier={page.data.hasEarlier} />;
}

function LoadedTranscript({ id, from, messages, hasEarlier }: { id: string; from: string; messages: ChatMessageView[]; hasEarlier: boolean }) {
  const { t } = useI18n();
  const pages = useTranscriptPages({ id, messages, hasEarlier });
  return (
    <Transcript
      messages={pages.messages}
      own="worker"
      senderName={(sender) => t(`interaction.sender.${sender}`, { from })}
      className="mt-2 max-h-72 rounded-md bg-slate-50 p-3 ring-1 ring-slate-200"
      earlier={{ has: pages.hasEarlier, loading: pages.loading, show: () => void pages.showEarlier() }}
    />
  );
}
