"use client";
import { useEffect, useRef, useState } from "react";
import { askNotificationPermission, canNotify, isForegroundOnlyBrowser } from "@/lib/client/alerts";
import { OfferRinger, type RingingOffer } from "@/lib/client/offer-ringer";
import type { TimedOffer } from "@/lib/client/offer-clock";
import { useHydrated } from "@/lib/client/use-hydrated";
import { useI18n } from "@/lib/i18n";

/**
 * Rings and notifies, from one window, while a Preview is open and the tab is hidden; the ring
 * repeats until the offer is answered or gone, and its notification closes then.
 */
export function useOfferAlerts(offers: readonly TimedOffer[]): void {
  const { t } = useI18n();
  const ringer = useRef<OfferRinger | null>(null);
  const latest = useRef<RingingOffer[]>([]);
  latest.current = offers.map((o) => ({ id: o.id, title: t("notify.title", { media: o.interaction.media, from: o.interaction.from }), body: o.interaction.subject }));
  useEffect(() => {
    const r = new OfferRinger();
    ringer.current = r;
    const shown = () => r.update(latest.current);
    document.addEventListener("visibilitychange", shown);
    return () => {
      document.removeEventListener("visibilitychange", shown);
      r.stop();
      ringer.current = null;
    };
  }, []);
  const ids = offers.map((o) => o.id).join(" ");
  useEffect(() => {
    ringer.current?.update(latest.current);
  }, [ids]);
}

/** B10: a browser that only delivers Previews while a window is open (Safari) is told so. */
export function ForegroundOnlyNotice() {
  const { t } = useI18n();
  // NOTE: the browser is known only once the page runs in it; the server's HTML has no notice.
  const hydrated = useHydrated();
  if (!hydrated || !isForegroundOnlyBrowser(navigator.userAgent)) return null;
  return (
    <p role="note" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200">
      {t("notice.foregroundOnly")}
    </p>
  );
}

/**
 * The offer to turn on notifications, while the browser has not been asked. NOTE: it is placed
 * below the client's content: it appears only once the browser is known, and inserted above it
 * would push the presence and the Previews down after the first paint (a layout shift).
 */
export function NotificationsOffer({ compact }: { compact: boolean }) {
  const { t } = useI18n();
  const [permission, setPermission] = useState<NotificationPermission | "unsupported">("granted");
  useEffect(() => {
    if (!canNotify()) {
      setPermission("unsupported");
      return;
    }
    setPermission(Notification.permission);
    // The permission may be granted from the presence drop-down or the browser's own UI.
    const timer = setInterval(() => setPermission(Notification.permission), 2_000);
    return () => clearInterval(timer);
  }, []);
  if (permission !== "default") return null;
  return (
    <div className={`flex flex-wrap items-center justify-between gap-2 rounded-md bg-brand-50 text-sm text-brand-900 ring-1 ring-brand-100 ${compact ? "px-3 py-2" : "px-4 py-3"}`}>
      {!compact && <p>{t("notify.why")}</p>}
      <button
        type="button"
        onClick={() => void askNotificationPermission().then(setPermission)}
        title={compact ? t("notify.why") : undefined}
        className="rounded-md bg-white px-3 py-1.5 font-medium text-brand-900 ring-1 ring-brand-600/40 hover:bg-brand-100"
      >
        {t("notify.enable")}
      </button>
    </div>
  );
}
