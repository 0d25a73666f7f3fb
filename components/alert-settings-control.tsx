"use client";
import { useId } from "react";
import { ALERT_TONES, useAlertSettings } from "@/lib/client/alert-settings";
import { primeAudio, ring } from "@/lib/client/alerts";
import { useI18n } from "@/lib/i18n";

/**
 * The worker's "Alerts" settings (issue 20): whether a Preview in a hidden tab rings, in which tone
 * and how loud. A disclosure in the footer: out of the way until wanted, reachable by Tab.
 */
export function AlertSettingsControl() {
  const { t } = useI18n();
  const id = useId();
  const [settings, update] = useAlertSettings();
  return (
    <details className="text-sm text-slate-700">
      <summary className="cursor-pointer rounded-md px-2 py-1 underline-offset-2 hover:underline">{t("alerts.title")}</summary>
      <div role="group" aria-label={t("alerts.title")} className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-2 rounded-md bg-slate-50 p-3 ring-1 ring-slate-200">
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={settings.sound} onChange={(e) => update({ sound: e.target.checked })} className="h-4 w-4" />
          {t("alerts.sound")}
        </label>
        <label htmlFor={`${id}-tone`} className="flex items-center gap-2">
          {t("alerts.tone")}
          <select
            id={`${id}-tone`}
            value={settings.tone}
            disabled={!settings.sound}
            onChange={(e) => update({ tone: e.target.value as (typeof ALERT_TONES)[number] })}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 disabled:opacity-70"
          >
            {ALERT_TONES.map((tone) => (
              <option key={tone} value={tone}>
                {t(`alerts.tone.${tone}`)}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={`${id}-volume`} className="flex items-center gap-2">
          {t("alerts.volume")}
          <input
            id={`${id}-volume`}
            type="range"
            min={0}
            max={100}
            step={10}
            value={settings.volume}
            disabled={!settings.sound}
            onChange={(e) => update({ volume: Number(e.target.value) })}
            className="w-28 accent-brand-600"
          />
        </label>
        <button
          type="button"
          disabled={!settings.sound}
          onClick={() => {
            primeAudio();
            ring(settings);
          }}
          className="rounded-md px-3 py-1 font-medium text-brand-900 ring-1 ring-brand-600/40 hover:bg-brand-100 disabled:opacity-70"
        >
          {t("alerts.try")}
        </button>
      </div>
    </details>
  );
}
