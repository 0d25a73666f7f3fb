"use client";
import { useEffect, useId, useRef, useState } from "react";
import { api, ApiError, newMessageId, type HeldInteraction } from "@/lib/client/api";
import { useI18n } from "@/lib/i18n";

/** One accepted interaction: who, subject, attached data, the chat transcript and its controls. */
export function InteractionPanel({ interaction }: { interaction: HeldInteraction }) {
  const { t } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const logRef = useRef<HTMLDivElement>(null);
  const ended = interaction.state === "wrap-up";
  const dataEntries = Object.entries(interaction.data);

  useEffect(() => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [interaction.messages.length]);

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
      {dataEntries.length > 0 && (
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-0.5 border-b border-slate-100 bg-slate-50 px-5 py-2 text-sm">
          {dataEntries.map(([key, value]) => (
            <div key={key} className="contents">
              <dt className="text-slate-500">{key}</dt>
              <dd className="break-all">{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {interaction.media === "chat" ? (
        <div ref={logRef} role="log" aria-label={t("interaction.transcript")} className="flex max-h-80 min-h-24 flex-col gap-2 overflow-y-auto px-5 py-3">
          <ol className="flex flex-col gap-2">
          {interaction.messages.length === 0 && <li className="text-sm text-slate-500">{t("interaction.noMessages")}</li>}
          {interaction.messages.map((m) => (
            <li
              key={m.id}
              className={
                m.from === "system"
                  ? "self-center text-xs text-slate-500"
                  : `max-w-[80%] rounded-lg px-3 py-2 text-sm ${m.from === "worker" ? "self-end bg-brand-700 text-white" : "self-start bg-slate-100 text-slate-900"}`
              }
            >
              {m.from !== "system" && (
                <span className="block text-xs font-medium opacity-80">{t(`interaction.sender.${m.from}`, { from: interaction.from })}</span>
              )}
              {m.text}
            </li>
          ))}
        </ol>
        </div>
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
              className="min-w-0 flex-1 rounded-md border border-slate-300 px-3 py-2"
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
