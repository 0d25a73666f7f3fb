"use client";
import { useEffect, useId, useRef, useState } from "react";
import useSWR from "swr";
import { api, ApiError, type WorkerView } from "@/lib/client/api";
import { ME_KEY } from "@/lib/client/use-live-worker";
import { ANNOUNCE_AT_SECONDS, remainingMs, type TimedOffer } from "@/lib/client/offer-clock";
import { isTypingTarget } from "@/lib/client/typing-focus";
import { errorReason, useI18n } from "@/lib/i18n";
import { InteractionPreviewHandover } from "./interaction-preview-handover";
import { AttachedData } from "./ui/attached-data";

const TICK_MS = 250;
/** How long a run-out Preview waits for the connector's word before it asks. */
const STALE_AFTER_MS = 3_000;

/**
 * A Preview (B6): who, what, attached data and a countdown, with Accept and Reject. The first
 * Preview on screen takes the keyboard shortcuts, and the focus unless the worker is typing:
 * then it is announced and waits for its shortcut or the Tab key.
 */
export function PreviewDialog({
  offer,
  primary,
  onAnswered,
  onStale,
}: {
  offer: TimedOffer;
  primary: boolean;
  onAnswered(offerId: string): void;
  /** The countdown ran out a while ago and no word came: ask the connector what became of it. */
  onStale(): void;
}) {
  const { t } = useI18n();
  const id = useId();
  const acceptRef = useRef<HTMLButtonElement>(null);
  const [left, setLeft] = useState(() => remainingMs(offer));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  /** Said once when this Preview arrives while the worker types (it does not take the focus then). */
  const [arrival, setArrival] = useState("");
  const media = offer.interaction.media;
  const { data: me } = useSWR<WorkerView>(ME_KEY);
  const rings = me?.companion?.connected && me.companion.softphone === "ready" ? "desktop" : "built-in";
  const seconds = Math.ceil(left / 1000);
  const fraction = Math.min(1, left / offer.timeoutMs);
  const expired = left <= 0;

  useEffect(() => {
    const timer = setInterval(() => setLeft(remainingMs(offer)), TICK_MS);
    setLeft(remainingMs(offer));
    return () => clearInterval(timer);
  }, [offer]);

  useEffect(() => {
    if ((ANNOUNCE_AT_SECONDS as readonly number[]).includes(seconds)) {
      setAnnouncement(t("preview.announce", { seconds, media, from: offer.interaction.from }));
    }
  }, [seconds, media, offer.interaction.from, t]);

  useEffect(() => {
    if (!primary) return;
    // NOTE: a worker typing in a chat keeps the focus; their next Space must not accept (CONTRACT.md).
    if (isTypingTarget(document.activeElement)) {
      setArrival(t("preview.arrived", { media, from: offer.interaction.from }));
      return;
    }
    acceptRef.current?.focus();
  }, [primary]);

  useEffect(() => {
    if (!expired) return;
    const timer = setTimeout(onStale, STALE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [expired, onStale]);

  async function act(action: "accept" | "reject" | "extend") {
    if (busy) return;
    setBusy(true);
    setError(null);
    if (action !== "extend") onAnswered(offer.id);
    try {
      await api.answer(action, offer.interaction.id, offer.id);
    } catch (e) {
      const reason = errorReason(t, e);
      setError(e instanceof ApiError && e.status === 409 ? t("preview.gone", { reason }) : t("preview.failed", { reason }));
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    if (!primary) return;
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.code === "KeyA") {
        event.preventDefault();
        void act("accept");
      } else if (event.code === "KeyR") {
        event.preventDefault();
        void act("reject");
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  const dataEntries = Object.entries(offer.interaction.data);
  const after =
    offer.presenceAfterTimeout === "none"
      ? t("preview.afterTimeoutNone", { media })
      : t("preview.afterTimeout", { media, presence: t(`presence.${offer.presenceAfterTimeout}`) });

  return (
    <div
      role="alertdialog"
      aria-modal="false"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-who ${id}-after`}
      className="rounded-lg border-l-4 border-brand-600 bg-white p-5 shadow-md ring-1 ring-slate-200"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h3 id={`${id}-title`} className="text-lg font-semibold text-brand-900">
          {t(`preview.title.${offer.interaction.media}`)}
        </h3>
        <p className={`text-sm font-semibold tabular-nums ${seconds <= 5 ? "text-red-700" : "text-slate-700"}`} aria-hidden="true" suppressHydrationWarning>
          {t("preview.countdown", { seconds })}
        </p>
      </div>
      <dl id={`${id}-who`} className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-500">{t("preview.from")}</dt>
        <dd className="font-medium">{offer.interaction.from}</dd>
        <dt className="text-slate-500">{t("preview.subject")}</dt>
        <dd>{offer.interaction.subject || <span className="text-slate-500">{t("preview.noSubject")}</span>}</dd>
      </dl>
      {media === "voice" && (
        // NOTE: a call rings on the desktop phone when its companion is connected with a softphone ready.
        <p className="mt-2 text-sm font-medium text-slate-700">{t(rings === "desktop" ? "preview.rings.desktop" : "preview.rings.builtIn")}</p>
      )}
      <InteractionPreviewHandover offer={offer} />
      {dataEntries.length > 0 && (
        <details className="mt-2 text-sm" open={dataEntries.length <= 4}>
          <summary className="cursor-pointer text-slate-600">{t("preview.data")}</summary>
          <AttachedData data={offer.interaction.data} className="mt-1 rounded bg-slate-50 p-2" />
        </details>
      )}
      <div
        role="progressbar"
        aria-label={t("preview.countdownLabel")}
        aria-valuemin={0}
        aria-valuemax={Math.round(offer.timeoutMs / 1000)}
        aria-valuenow={seconds}
        aria-valuetext={t("preview.countdown", { seconds })}
        // The server painted the countdown a moment before the browser took over.
        suppressHydrationWarning
        className="mt-4 h-1.5 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className={`h-full ${seconds <= 5 ? "bg-red-600" : "bg-brand-600"}`} style={{ width: `${fraction * 100}%` }} suppressHydrationWarning />
      </div>
      <p id={`${id}-after`} className="mt-2 text-xs text-slate-600">
        {after}
      </p>
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
      <p className="sr-only" aria-live="assertive">
        {arrival}
      </p>
      {error && (
        <p role="alert" className="mt-2 text-sm font-medium text-red-700">
          {error}
        </p>
      )}
      <div className="mt-4 flex flex-wrap gap-2">
        <button
          ref={acceptRef}
          type="button"
          disabled={busy || expired}
          onClick={() => void act("accept")}
          aria-keyshortcuts={primary ? "Alt+A" : undefined}
          className="rounded-md bg-emerald-700 px-4 py-2 font-medium text-white hover:bg-emerald-800 disabled:opacity-50"
        >
          {t("preview.accept")}
          {primary && <kbd className="ml-2 rounded bg-emerald-900/40 px-1 text-xs font-normal" aria-hidden="true">{t("preview.shortcut", { key: "A" })}</kbd>}
        </button>
        <button
          type="button"
          disabled={busy || expired}
          onClick={() => void act("reject")}
          aria-keyshortcuts={primary ? "Alt+R" : undefined}
          className="rounded-md bg-white px-4 py-2 font-medium text-red-800 ring-1 ring-red-300 hover:bg-red-50 disabled:opacity-50"
        >
          {t("preview.reject")}
          {primary && <kbd className="ml-2 rounded bg-red-100 px-1 text-xs font-normal" aria-hidden="true">{t("preview.shortcut", { key: "R" })}</kbd>}
        </button>
        <button
          type="button"
          disabled={busy || expired || offer.extended}
          onClick={() => void act("extend")}
          className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100 disabled:opacity-50"
        >
          {offer.extended ? t("preview.moreUsed") : t("preview.more")}
        </button>
      </div>
    </div>
  );
}
