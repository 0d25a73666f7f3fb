"use client";
import { useId, useMemo, useRef, useState } from "react";
import type { HeldInteraction } from "@/lib/client/api";
import { formatDuration, skewOf } from "@/lib/client/call-clock";
import { useInteractionAction } from "@/lib/client/use-interaction-action";
import { SHORTCUT_KEYS } from "@/lib/client/shortcut-keys";
import { useShortcut } from "@/lib/client/use-shortcut";
import { useWorkspaceTexts } from "@/lib/client/workspace-texts";
import { useI18n } from "@/lib/i18n";
import { useTicking } from "./ui/use-ticking";

/**
 * After-call work: a disposition (when configured; shown by its label, sent as its code), a note, and Done. While After Call Work
 * runs on a timer it says how long is left; Done or the timer returns the worker's presence.
 */
export function InteractionWrapUp({ interaction, front = true }: { interaction: HeldInteraction; front?: boolean }) {
  const { t } = useI18n();
  const id = useId();
  const { run, busy, error } = useInteractionAction(interaction.id);
  const { dispositionLabel } = useWorkspaceTexts();
  const [disposition, setDisposition] = useState("");
  const [note, setNote] = useState("");
  const wrapUp = interaction.wrapUp;
  const codes = wrapUp?.dispositions ?? [];
  const skew = useMemo(() => skewOf(interaction.serverTime), [interaction.serverTime]);
  const now = useTicking(Boolean(wrapUp?.until));
  const left = wrapUp?.until ? Date.parse(wrapUp.until) - (now + skew) : undefined;
  const form = useRef<HTMLFormElement>(null);
  const canDone = busy === null && interaction.capabilities.includes("done");
  useShortcut("done", front && canDone, () => form.current?.requestSubmit());

  return (
    <form
      ref={form}
      onSubmit={(e) => {
        e.preventDefault();
        void run("done", { ...(disposition ? { disposition } : {}), ...(note.trim() ? { note: note.trim() } : {}) });
      }}
      className="flex flex-col gap-3 border-t border-slate-200 px-4 py-3 sm:px-5"
    >
      <p className="text-sm text-slate-600">{t("interaction.wrapUpNote")}</p>
      {left !== undefined && (
        <p className="text-sm font-medium text-violet-800">{left > 0 ? t("wrapUp.left", { time: formatDuration(left) }) : t("wrapUp.ending")}</p>
      )}
      <div className="flex flex-wrap gap-3">
        {codes.length > 0 && (
          <div className="flex min-w-40 flex-col gap-1">
            <label htmlFor={`${id}-disposition`} className="text-sm font-medium text-slate-700">
              {t("wrapUp.disposition")}
            </label>
            <select id={`${id}-disposition`} value={disposition} onChange={(e) => setDisposition(e.target.value)} className="rounded-md border border-slate-300 bg-white px-2 py-2 sm:px-3">
              <option value="">{t("wrapUp.noDisposition")}</option>
              {codes.map((code) => (
                <option key={code} value={code}>
                  {dispositionLabel(code)}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="flex min-w-0 flex-1 flex-col gap-1">
          <label htmlFor={`${id}-note`} className="text-sm font-medium text-slate-700">
            {t("wrapUp.note")}
          </label>
          <input id={`${id}-note`} value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} className="min-w-0 rounded-md border border-slate-300 px-3 py-2" />
        </div>
      </div>
      {error && (
        <p role="alert" className="text-sm font-medium text-red-700">
          {t("interaction.failed", { reason: error })}
        </p>
      )}
      <button type="submit" disabled={!canDone} aria-keyshortcuts={SHORTCUT_KEYS.done.label} className="self-start rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-50">
        {t("interaction.done")}
      </button>
    </form>
  );
}
