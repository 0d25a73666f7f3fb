"use client";
import { useId } from "react";
import type { HeldInteraction } from "@/lib/client/api";
import { useI18n } from "@/lib/i18n";
import { InteractionCall } from "./interaction-call";
import { InteractionChat } from "./interaction-chat";
import { InteractionWrapUp } from "./interaction-wrap-up";
import { AttachedData } from "./ui/attached-data";
import { useBefore } from "./ui/use-before";
import { WaitingTime } from "./ui/waiting-time";

/** The state badge: what the worker needs to know at a glance. */
function badgeOf(i: HeldInteraction): { key: "active" | "wrap-up" | "held" | "ringing" | "transferring"; tone: string } {
  if (i.state === "wrap-up") return { key: "wrap-up", tone: "bg-violet-100 text-violet-800" };
  if (i.invite) return { key: "transferring", tone: "bg-amber-100 text-amber-900" };
  if (i.call?.state === "held") return { key: "held", tone: "bg-amber-100 text-amber-900" };
  if (i.call?.state === "ringing") return { key: "ringing", tone: "bg-sky-100 text-sky-900" };
  return { key: "active", tone: "bg-emerald-100 text-emerald-800" };
}

/**
 * One interaction in hand: who, subject, attached data, then the chat or the call with exactly
 * the controls its capabilities allow, and after-call work once it has ended.
 */
export function InteractionPanel({
  interaction,
  customerTypingUntil = 0,
  front = true,
  tabbed = false,
}: {
  interaction: HeldInteraction;
  customerTypingUntil?: number;
  /** Whether this is the interaction in front: the one the keyboard shortcuts act on. */
  front?: boolean;
  /** Whether a tab stands for it (the tab shows the customer's wait; without tabs, the header does). */
  tabbed?: boolean;
}) {
  // NOTE: the line goes by itself when the time runs out, with no push to render the page again.
  const customerTyping = useBefore(customerTypingUntil);
  const { t } = useI18n();
  const id = useId();
  const badge = badgeOf(interaction);
  return (
    <section aria-labelledby={`${id}-title`} className="min-w-0 rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <header className="flex flex-wrap items-start justify-between gap-2 border-b border-slate-200 px-4 py-3 sm:px-5">
        <div className="min-w-0">
          <h3 id={`${id}-title`} className="break-words font-semibold text-slate-900">
            {t("interaction.with", { from: interaction.from })}
          </h3>
          <p className="break-words text-sm text-slate-600">{interaction.subject || t("preview.noSubject")}</p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <WaitingTime interaction={interaction} hidden={tabbed} />
          <span className={`rounded-full px-2.5 py-0.5 text-xs font-medium ${badge.tone}`}>{t(`interaction.state.${badge.key}`)}</span>
        </div>
      </header>
      <AttachedData data={interaction.data} className="border-b border-slate-100 bg-slate-50 px-4 py-2 sm:px-5" />
      {interaction.media === "chat" ? <InteractionChat interaction={interaction} customerTyping={customerTyping} front={front} /> : <InteractionCall interaction={interaction} front={front} />}
      {interaction.state === "wrap-up" && interaction.role === "owner" && <InteractionWrapUp interaction={interaction} front={front} />}
    </section>
  );
}
