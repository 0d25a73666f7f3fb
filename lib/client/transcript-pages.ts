"use client";
/**
 * A chat's transcript in the web client as pages: a worker's view carries the newest messages
 * (and whether earlier ones exist); "Show earlier messages" adds the page before the first shown.
 * What was shown stays shown when the newest page moves on (a refetch after new messages), so
 * lines never vanish from the top of the log while someone reads it.
 */
import { useCallback, useEffect, useMemo, useState } from "react";
import type { ChatMessageView } from "../protocol";
import { api, type HeldInteraction } from "./api";
import { mergeMessages } from "./use-live-worker";

export interface Shown {
  messages: ChatMessageView[];
  hasEarlier: boolean;
}

/** What is shown once the newest page `latest` arrives: joined when the two meet, else `latest`. */
export function withLatest(shown: Shown, latest: Shown): Shown {
  if (shown.messages.length === 0) return latest;
  if (latest.messages.length === 0) return shown;
  const ids = new Set(shown.messages.map((m) => m.id));
  // NOTE: the shown messages reach into the newest page: nothing lies between them.
  if (ids.has(latest.messages[0].id)) return { messages: mergeMessages(shown.messages, latest.messages), hasEarlier: shown.hasEarlier };
  // The newest page starts before what is shown (it covers it), or there is a gap between them
  // (many messages while the window was away): start again from the newest page.
  return latest;
}

/** What is shown once an earlier page arrives. */
export function withEarlier(shown: Shown, page: Shown): Shown {
  return { messages: mergeMessages(page.messages, shown.messages), hasEarlier: page.hasEarlier };
}

/** The chat's transcript as shown, and a way to show the page before it. */
export function useTranscriptPages(interaction: Pick<HeldInteraction, "id" | "messages" | "hasEarlier">) {
  const latest = useMemo<Shown>(() => ({ messages: interaction.messages, hasEarlier: interaction.hasEarlier ?? false }), [interaction.messages, interaction.hasEarlier]);
  const [kept, setKept] = useState<Shown | null>(null);
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState<unknown>(null);
  const shown = useMemo(() => (kept ? withLatest(kept, latest) : latest), [kept, latest]);
  useEffect(() => setKept((current) => withLatest(current ?? latest, latest)), [latest]);

  const showEarlier = useCallback(async () => {
    const first = shown.messages[0];
    if (!first || loading) return;
    setLoading(true);
    setFailed(null);
    try {
      const page = await api.earlierMessages(interaction.id, first.id);
      setKept(withEarlier(shown, page));
    } catch (error) {
      setFailed(error);
    } finally {
      setLoading(false);
    }
  }, [interaction.id, shown, loading]);

  return { messages: shown.messages, hasEarlier: shown.hasEarlier, showEarlier, loading, failed };
}
