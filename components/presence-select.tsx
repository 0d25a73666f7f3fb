"use client";
import { useId, useRef, useState } from "react";
import { useSWRConfig } from "swr";
import { SELECTABLE_PRESENCES, type Presence } from "@/lib/domain/presence";
import { askNotificationPermission, primeAudio } from "@/lib/client/alerts";
import { api, type WorkerView } from "@/lib/client/api";
import { useHydrated } from "@/lib/client/use-hydrated";
import { ME_KEY } from "@/lib/client/use-live-worker";
import { errorReason, useI18n } from "@/lib/i18n";
import { PresenceDot } from "./ui/presence-dot";

/** Keys that move a closed select's choice one option at a time (and type-ahead letters). */
const BROWSING_KEYS = new Set(["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown"]);

/**
 * The presence drop-down (B1). After-call work is shown while it runs but cannot be chosen.
 * NOTE: on Windows and Linux, arrowing through a closed select fires a change per option; each
 * would be a presence change reported to routing (WCAG 3.2.2). A choice made by arrowing is held
 * until the worker commits it (Enter, or leaving the control); Escape takes it back. A choice
 * picked from the opened list (mouse, or Enter in the list) counts at once.
 */
export function PresenceSelect({ worker }: { worker: WorkerView }) {
  const { t } = useI18n();
  const { mutate } = useSWRConfig();
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const [saving, setSaving] = useState<Presence | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<Presence | null>(null);
  const browsing = useRef(false);
  // NOTE: the time is written in the browser's zone once hydrated: the server's zone may differ,
  // and a first paint in another zone would not match (a hydration error, then a jump).
  const hydrated = useHydrated();
  const shown = saving ?? pending ?? worker.presence;

  function commit(next: Presence) {
    setPending(null);
    // NOTE: the same presence again is sent too: the connector reports nothing for it (B3).
    void change(next);
  }

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
          onKeyDown={(event) => {
            if (event.key === "Enter" && pending) {
              event.preventDefault();
              commit(pending);
            } else if (event.key === "Escape" && pending) {
              event.preventDefault();
              setPending(null);
            } else {
              browsing.current = !event.altKey && (BROWSING_KEYS.has(event.key) || event.key.length === 1);
            }
          }}
          onBlur={() => pending && commit(pending)}
          onChange={(event) => {
            const next = event.target.value as Presence;
            if (browsing.current) setPending(next);
            else commit(next);
            browsing.current = false;
          }}
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
        ) : pending ? (
          <span className="text-sm font-medium text-amber-800" aria-live="polite">
            {t("presence.pending", { presence: t(`presence.${pending}`) })}
          </span>
        ) : (
          <time dateTime={worker.presenceSince} className="text-sm text-slate-500">
            {hydrated ? t("presence.since", { since: new Date(worker.presenceSince) }) : ""}
          </time>
        )}
      </div>
      <p id={hintId} className="text-sm text-slate-600">
        {hint}
      </p>
      {worker.teamsPresenceOutOfSyncSince && hydrated && (
        // NOTE: a status line, not an alert: routing goes on with the presence chosen here meanwhile.
        <p role="status" className="text-sm font-medium text-amber-800">
          {t("presence.teamsOutOfSync", { since: new Date(worker.teamsPresenceOutOfSyncSince) })}
        </p>
      )}
      {error && (
        <p id={errorId} role="alert" className="text-sm font-medium text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
