"use client";
import { useEffect, useRef, useState } from "react";
import { notify } from "@/lib/client/alerts";
import type { HeldInteraction } from "@/lib/client/api";
import { showFaviconBadge } from "@/lib/client/favicon-badge";
import { useTitleBadge } from "@/lib/client/title-badge";
import { useI18n } from "@/lib/i18n";

/**
 * Nothing missed (issue 20): customer messages that arrive while the tab is hidden are counted in
 * the tab's title ("(2) UC Connector") and on its icon, and raise a notification when allowed;
 * showing the tab again clears all three.
 */
export function useUnreadAlerts(interactions: readonly HeldInteraction[]): void {
  const { t } = useI18n();
  const seen = useRef<Set<string> | null>(null);
  const notes = useRef(new Map<string, Notification>());
  const [unread, setUnread] = useState<string[]>([]);

  useEffect(() => {
    const customerMessages = interactions.flatMap((i) => i.messages.filter((m) => m.from === "customer").map((m) => ({ ...m, interaction: i })));
    // NOTE: what the first render holds was there before this window looked: not news.
    if (seen.current === null) {
      seen.current = new Set(customerMessages.map((m) => m.id));
      return;
    }
    const fresh = customerMessages.filter((m) => !seen.current!.has(m.id));
    for (const m of fresh) seen.current.add(m.id);
    if (fresh.length === 0 || document.visibilityState !== "hidden") return;
    setUnread((current) => [...current, ...fresh.map((m) => m.id)]);
    for (const m of fresh) {
      // NOTE: one notification per chat (its tag): a newer message replaces the older one, and
      // the worker's other windows raising the same one replace it too.
      const tag = `ucc-message-${m.interaction.id}`;
      const n = notify(t("notify.message", { from: m.interaction.from }), m.text, tag, { sticky: false });
      if (n) notes.current.set(tag, n);
    }
  }, [interactions, t]);

  useEffect(() => {
    const clear = () => {
      if (document.visibilityState !== "visible") return;
      setUnread([]);
      for (const n of notes.current.values()) n.close();
      notes.current.clear();
    };
    document.addEventListener("visibilitychange", clear);
    window.addEventListener("focus", clear);
    return () => {
      document.removeEventListener("visibilitychange", clear);
      window.removeEventListener("focus", clear);
    };
  }, []);

  useEffect(() => {
    void showFaviconBadge(unread.length);
  }, [unread.length]);
  useTitleBadge(unread.length);
}
