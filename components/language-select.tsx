"use client";
import { useId, useState } from "react";
import { useSWRConfig } from "swr";
import { api, type WorkerView } from "@/lib/client/api";
import { ME_KEY } from "@/lib/client/use-live-worker";
import { errorReason, isLocale, LANGUAGE_NAMES, LOCALES, useI18n, useResolvedLocale } from "@/lib/i18n";

/**
 * The worker's own choice of language (B12), kept by the connector so that every device shows it.
 * "Automatic" drops the choice: the Teams host's locale or the browser's languages decide again.
 */
export function LanguageSelect({ worker, hostLocale }: { worker: WorkerView; hostLocale?: string | null }) {
  const { t } = useI18n();
  const { mutate } = useSWRConfig();
  const id = useId();
  const [saving, setSaving] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const automatic = useResolvedLocale({ choice: null, hostLocale });
  const chosen = saving ?? worker.language ?? "";

  async function change(value: string) {
    setSaving(value);
    setError(null);
    try {
      const updated = await api.setLanguage(isLocale(value) ? value : null);
      await mutate(ME_KEY, updated, { revalidate: false });
    } catch (e) {
      setError(t("language.error", { reason: errorReason(t, e) }));
    } finally {
      setSaving(null);
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        {t("language.label")}
      </label>
      <select
        id={id}
        value={chosen}
        disabled={saving !== null}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => void change(event.target.value)}
        className="max-w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm shadow-sm disabled:opacity-70"
      >
        <option value="">{t("language.auto", { language: isLocale(automatic) ? LANGUAGE_NAMES[automatic] : automatic })}</option>
        {LOCALES.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {LANGUAGE_NAMES[locale]}
          </option>
        ))}
      </select>
      {error && (
        <p id={`${id}-error`} role="alert" className="w-full text-sm font-medium text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
