"use client";
import { useId, useState } from "react";
import { api, ApiError, newMessageId, type HeldInteraction } from "@/lib/client/api";
import { useI18n } from "@/lib/i18n";
import { Transcript } from "./transcript";
import { AttachedData } from "./ui/attached-data";

/** One accepted interaction: who, subject, attached data, the chat transcript and its controls. */
export function InteractionPanel({ interaction }: { interaction: HeldInteraction }) {
  const { t } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ended = interaction.state === "wrap-up";

  async function run(work: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await work();
      return true;
    } catch (e) {
      setError(t("interaction.failed", { reason: e instanceof ApiError ? e.message : String(e) }));
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function send(event: React.FormEvent) {
    event.preventDefault();
    const text = draft.trim();
    if (!text) return;
    // NOTE: the id is made once per message, so a retry after a lost reply is kept only once.
    const messageId = newMessageId();
    if (await run(() => api.sendMessage(interaction.id, messageId, text))) setDraft("");
  }

  return (
    <section aria-labelledby={`${id}-title`} className="rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <header className="flex flex-wrap items-start justify-between gap-2 border-b border-slate-200 px-5 py-3">
        <div>
          <h3 id={`${id}-title`} className="font-semibold text-slate-900">
            {t("interaction.with", { from: interaction.from })}
          </h3>
          <p className="text-sm text-slate-600">{interaction.subject || t("preview.noSubject")}</p>
        </div>
        <span className={`rounded-full px-2.5 py-0.5 text-xs font-medium ${ended ? "bg-violet-100 text-violet-800" : "bg-emerald-100 text-emerald-800"}`}>
          {t(`interaction.state.${ended ? "wrap-up" : "active"}`)}
        </span>
      </header>
      <AttachedData data={interaction.data} className="border-b border-slate-100 bg-slate-50 px-5 py-2" />
      {interaction.media === "chat" ? (
        <Transcript
          messages={interaction.messages}
          own="worker"
          senderName={(from) => t(`interaction.sender.${from}`, { from: interaction.from })}
          className="max-h-80 min-h-24 px-5 py-3"
        />
      ) : (
        <p className="px-5 py-3 text-sm text-slate-600">{t("interaction.callNote")}</p>
      )}
      {error && (
        <p role="alert" className="px-5 text-sm font-medium text-red-700">
          {error}
        </p>
      )}
      <div className="border-t border-slate-200 px-5 py-3">
        {ended ? (
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p className="text-sm text-slate-600">{t("interaction.wrapUpNote")}</p>
            <button type="button" disabled={busy} onClick={() => void run(() => api.done(interaction.id))} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-50">
              {t("interaction.done")}
            </button>
          </div>
        ) : interaction.media === "chat" ? (
          <form onSubmit={(e) => void send(e)} className="flex flex-wrap gap-2">
            <label htmlFor={`${id}-message`} className="sr-only">
              {t("interaction.message")}
            </label>
            <input
              id={`${id}-message`}
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              maxLength={4000}
              autoComplete="off"
              className="min-w-0 flex-1 basis-48 rounded-md border border-slate-300 bg-white px-3 py-2"
            />
            <button type="submit" disabled={busy || !draft.trim()} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-50">
              {t("interaction.send")}
            </button>
            <button type="button" disabled={busy} onClick={() => void run(() => api.end(interaction.id))} className="rounded-md px-3 py-2 font-medium text-red-800 ring-1 ring-red-300 hover:bg-red-50 disabled:opacity-50">
              {t("interaction.endChat")}
            </button>
          </form>
        ) : (
          <button type="button" disabled={busy} onClick={() => void run(() => api.end(interaction.id))} className="rounded-md bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800 disabled:opacity-50">
            {t("interaction.hangUp")}
          </button>
        )}
      </div>
    </section>
  );
}
