"use client";
import { useId, useState } from "react";
import { useSWRConfig } from "swr";
import { SELECTABLE_PRESENCES, type Presence } from "@/lib/domain/presence";
import { askNotificationPermission, primeAudio } from "@/lib/client/alerts";
import { api, type WorkerView } from "@/lib/client/api";
import { ME_KEY } from "@/lib/client/use-live-worker";
import { errorReason, useI18n } from "@/lib/i18n";
import { PresenceDot } from "./ui/presence-dot";

/** The presence drop-down (B1). After-call work is shown while it runs but cannot be chosen. */
export function PresenceSelect({ worker }: { worker: WorkerView }) {
  const { t } = useI18n();
  const { mutate } = useSWRConfig();
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const [saving, setSaving] = useState<Presence | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shown = saving ?? worker.presence;

  async function change(next: Presence) {
    // A worker who becomes Available is about to receive Previews: this gesture is the moment to
    // unlock the ring and to ask, once, for notifications.
    if (next === "available") {
      primeAudio();
      void askNotificationPermission();
    }
    setSaving(next);
    setError(null);
    try {
      const updated = await api.setPresence(next);
      await mutate(ME_KEY, updated, { revalidate: false });
    } catch (e) {
      setError(t("presence.error", { reason: errorReason(t, e) }));
    } finally {
      setSaving(null);
    }
  }

  const hint =
    worker.presence === "after-call-work"
      ? t("presence.hint.acw")
      : worker.presence === "offline"
        ? t("presence.hint.offline")
        : worker.ready
          ? t("presence.hint.ready")
          : t("presence.hint.notReady");

  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        {t("presence.label")}
      </label>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <PresenceDot presence={shown} />
        <select
          id={id}
          value={shown}
          disabled={saving !== null}
          aria-describedby={`${hintId}${error ? ` ${errorId}` : ""}`}
          onChange={(event) => void change(event.target.value as Presence)}
          className="min-w-0 max-w-xs flex-1 basis-40 rounded-md border border-slate-300 bg-white px-3 py-2 text-base shadow-sm disabled:opacity-70"
        >
          {SELECTABLE_PRESENCES.map((presence) => (
            <option key={presence} value={presence}>
              {t(`presence.${presence}`)}
            </option>
          ))}
          {worker.presence === "after-call-work" && (
            <option value="after-call-work" disabled>
              {t("presence.after-call-work")}
            </option>
          )}
        </select>
        {saving ? (
          <span className="text-sm text-slate-500" aria-live="polite">
            {t("presence.saving")}
          </span>
        ) : (
          <span className="text-sm text-slate-500">{t("presence.since", { since: new Date(worker.presenceSince) })}</span>
        )}
      </div>
      <p id={hintId} className="text-sm text-slate-600">
        {hint}
      </p>
      {error && (
        <p id={errorId} role="alert" className="text-sm font-medium text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
