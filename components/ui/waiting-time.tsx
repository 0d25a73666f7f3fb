"use client";
import type { HeldInteraction } from "@/lib/client/api";
import { formatDuration } from "@/lib/client/call-clock";
import { skewSince, waitingSince } from "@/lib/client/waiting";
import { useI18n } from "@/lib/i18n";
import { useTicking } from "./use-ticking";

/**
 * "Waiting 1:23": how long the customer of an active chat has waited since their last message
 * the worker has not answered, on the connector's clock; nothing once the worker has answered.
 */
export function WaitingTime({ interaction, hidden = false, className = "" }: { interaction: HeldInteraction; hidden?: boolean; className?: string }) {
  const { t } = useI18n();
  const since = interaction.media === "chat" && interaction.state === "active" ? waitingSince(interaction.messages) : undefined;
  // NOTE: read even while hidden, so the view's time is noted when it arrives (skewSince).
  const skew = skewSince(interaction.serverTime);
  const now = useTicking(since !== undefined && !hidden);
  if (since === undefined || hidden) return null;
  return (
    // NOTE: the server painted it a moment before the browser took over.
    <span className={`whitespace-nowrap text-xs font-medium tabular-nums text-amber-900 ${className}`} suppressHydrationWarning>
      {t("interactions.waiting", { time: formatDuration(now + skew - Date.parse(since)) })}
    </span>
  );
}
