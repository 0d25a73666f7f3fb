"use client";
import { useEffect, useId, useRef, useState } from "react";
import useSWR from "swr";
import { api, type HeldInteraction } from "@/lib/client/api";
import { useInteractionAction } from "@/lib/client/use-interaction-action";
import { useI18n } from "@/lib/i18n";
import { PresenceDot } from "./ui/presence-dot";

/** What the Queue option sends as `to`. */
const QUEUE = "queue";

/**
 * The Transfer dialog (a chat or a call: to a worker who could take it now, or back to the
 * Queue, with a note; a call may be consulted on first) and the Conference dialog (add a worker
 * to the call). The picker lists only workers the connector says could take it now.
 */
export function InteractionTransferDialog({ interaction, mode, onClose }: { interaction: HeldInteraction; mode: "transfer" | "conference"; onClose(): void }) {
  const { t } = useI18n();
  const id = useId();
  const selectRef = useRef<HTMLSelectElement>(null);
  const targets = useSWR(["transfer-targets", interaction.id], () => api.transferTargets(interaction.id));
  const { run, busy, error } = useInteractionAction(interaction.id);
  const [to, setTo] = useState("");
  const [note, setNote] = useState("");
  const [search, setSearch] = useState("");
  const isCall = interaction.media === "voice";
  const all = targets.data ?? [];
  const query = search.trim().toLocaleLowerCase();
  const list = query ? all.filter((w) => w.name.toLocaleLowerCase().includes(query)) : all;
  // NOTE: a search that hides the worker picked picks the first it shows (Queue when it shows none).
  const fallback = mode === "transfer" && !(query && list[0]) ? QUEUE : (list[0]?.id ?? "");
  const choice = to === QUEUE || list.some((w) => w.id === to) ? to : fallback;
  const chosen = list.find((w) => w.id === choice);

  useEffect(() => selectRef.current?.focus(), []);

  async function submit(action: "transfer" | "consult" | "conference") {
    if (!choice) return;
    if (await run(action, { to: choice, ...(note.trim() ? { note: note.trim() } : {}) })) onClose();
  }

  const title = mode === "transfer" ? t("transfer.title") : t("conference.title");
  return (
    <div
      role="dialog"
      aria-modal="false"
      aria-labelledby={`${id}-title`}
      onKeyDown={(e) => {
        if (e.key === "Escape") onClose();
      }}
      className="mx-4 mb-3 rounded-lg border border-slate-300 bg-white p-4 shadow-md sm:mx-5"
    >
      <h4 id={`${id}-title`} className="font-semibold text-slate-900">
        {title}
      </h4>
      {all.length > 0 && (
        <div className="mt-3 flex flex-col gap-1">
          <label htmlFor={`${id}-search`} className="text-sm font-medium text-slate-700">
            {t("transfer.search")}
          </label>
          <input
            id={`${id}-search`}
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            aria-controls={`${id}-to`}
            className="rounded-md border border-slate-300 px-3 py-2"
          />
        </div>
      )}
      <div className="mt-3 flex flex-col gap-1">
        <label htmlFor={`${id}-to`} className="text-sm font-medium text-slate-700">
          {t("transfer.to")}
        </label>
        <select
          ref={selectRef}
          id={`${id}-to`}
          value={choice}
          onChange={(e) => setTo(e.target.value)}
          aria-describedby={chosen ? `${id}-target-${chosen.id}` : undefined}
          className="rounded-md border border-slate-300 bg-white px-3 py-2"
        >
          {mode === "transfer" && <option value={QUEUE}>{t("transfer.queue")}</option>}
          {list.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
        {/* NOTE: the options stay the workers' names (CONTRACT.md: `To` lists workers by name); each one's presence and room are listed beside it. */}
        {list.length > 0 && (
          <ul aria-label={t("transfer.targets")} className="mt-1 flex flex-col gap-0.5 text-sm text-slate-700">
            {list.map((w) => (
              <li key={w.id} id={`${id}-target-${w.id}`} className="flex items-center gap-2">
                <PresenceDot presence={w.presence} />
                <span className="min-w-0 break-words">
                  {t("transfer.target", { name: w.name, presence: t(`presence.${w.presence}`), media: interaction.media, free: w.free })}
                </span>
              </li>
            ))}
          </ul>
        )}
        <p className="text-xs text-slate-500" aria-live="polite">
          {targets.isLoading ? t("loading") : all.length === 0 ? t("transfer.nobody") : list.length === 0 ? t("transfer.noMatch") : t("transfer.who")}
        </p>
      </div>
      <div className="mt-3 flex flex-col gap-1">
        <label htmlFor={`${id}-note`} className="text-sm font-medium text-slate-700">
          {t("transfer.note")}
        </label>
        <input id={`${id}-note`} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} className="rounded-md border border-slate-300 px-3 py-2" />
      </div>
      {error && (
        <p role="alert" className="mt-2 text-sm font-medium text-red-700">
          {t("interaction.failed", { reason: error })}
        </p>
      )}
      <div className="mt-4 flex flex-wrap gap-2">
        {mode === "transfer" ? (
          <>
            <button type="button" disabled={busy !== null || !choice} onClick={() => void submit("transfer")} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-50">
              {t("transfer.submit")}
            </button>
            {isCall && (
              <button
                type="button"
                disabled={busy !== null || !choice || choice === QUEUE || !interaction.capabilities.includes("consult")}
                onClick={() => void submit("consult")}
                className="rounded-md px-4 py-2 font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-100 disabled:opacity-50"
              >
                {t("transfer.consult")}
              </button>
            )}
          </>
        ) : (
          <button type="button" disabled={busy !== null || !choice} onClick={() => void submit("conference")} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-50">
            {t("conference.add")}
          </button>
        )}
        <button type="button" onClick={onClose} className="rounded-md px-4 py-2 font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100">
          {t("transfer.cancel")}
        </button>
      </div>
    </div>
  );
}
