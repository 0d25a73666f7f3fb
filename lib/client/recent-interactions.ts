"use client";
/**
 * Recent interactions: the worker's finished ones of its local day (GET /api/kw/recent), and the
 * transcript of one, read on demand. The day is the browser's: it starts at local midnight, so
 * the list is asked for only once hydrated (the server knows neither the zone nor the clock).
 */
import { useEffect, useState } from "react";
import useSWR from "swr";
import type { RecentInteractionView } from "../protocol";
import { api, ApiError, type TranscriptPage } from "./api";
import { useHydrated } from "./use-hydrated";

export const RECENT_KEY = "/api/kw/recent";

/** Whether an SWR key is one of the Recent interactions lists (whatever its day). */
export const isRecentKey = (key: unknown) => typeof key === "string" && key.startsWith(`${RECENT_KEY}?`);

/** The start of the local day `now` falls in (the browser's time zone). */
export function localDayStart(now: Date): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate());
}

/** The local day's start, moving on at midnight while the page stays open. */
function useLocalDayStart(enabled: boolean): Date | undefined {
  const [day, setDay] = useState<Date | undefined>(undefined);
  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setTimeout>;
    const update = () => {
      const now = new Date();
      const start = localDayStart(now);
      setDay((current) => (current?.getTime() === start.getTime() ? current : start));
      const next = new Date(start.getFullYear(), start.getMonth(), start.getDate() + 1);
      // NOTE: +1 s: a timer that fires a hair early would land in the same day again.
      timer = setTimeout(update, next.getTime() - now.getTime() + 1_000);
    };
    update();
    return () => clearTimeout(timer);
  }, [enabled]);
  return day;
}

/** Today's finished interactions, newest first; revalidated by use-live-worker.ts when one becomes done. */
export function useRecentInteractions(enabled: boolean) {
  const hydrated = useHydrated();
  const since = useLocalDayStart(enabled && hydrated);
  const key = since ? `${RECENT_KEY}?since=${encodeURIComponent(since.toISOString())}` : null;
  return useSWR<RecentInteractionView[], ApiError>(key, (path: string) => api.recent(path));
}

/** The newest page of a finished chat's transcript, once `open`. */
export function useRecentTranscript(interactionId: string, open: boolean) {
  return useSWR<TranscriptPage, ApiError>(open ? `/api/kw/interactions/${encodeURIComponent(interactionId)}/messages` : null, () => api.latestMessages(interactionId), {
    revalidateOnFocus: false,
  });
}
