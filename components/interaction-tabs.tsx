"use client";
import type { HeldInteraction } from "@/lib/client/api";
import { useI18n } from "@/lib/i18n";
import { WaitingTime } from "./ui/waiting-time";

/** One tab per interaction in hand, with its unread count and the customer's wait; arrow keys move between them. */
export function InteractionTabs({
  interactions,
  selected,
  unread,
  onSelect,
}: {
  interactions: HeldInteraction[];
  selected: string;
  unread(i: HeldInteraction): number;
  onSelect(id: string): void;
}) {
  const { t } = useI18n();
  function onKey(event: React.KeyboardEvent, index: number) {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = interactions[(index + step + interactions.length) % interactions.length];
    onSelect(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  }
  return (
    <div role="tablist" aria-label={t("interactions.tabs")} className="flex flex-wrap gap-1 border-b border-slate-200">
      {interactions.map((i, index) => {
        const count = unread(i);
        const active = i.id === selected;
        return (
          <button
            key={i.id}
            id={`tab-${i.id}`}
            type="button"
            role="tab"
            aria-selected={active}
            aria-controls={`panel-${i.id}`}
            tabIndex={active ? 0 : -1}
            onClick={() => onSelect(i.id)}
            onKeyDown={(e) => onKey(e, index)}
            // NOTE: the name and labels wrap rather than cut the name off when a language's words are long.
            className={`-mb-px flex max-w-full flex-wrap items-center gap-x-2 gap-y-0.5 rounded-t-md border px-3 py-1.5 text-left text-sm ${
              active ? "border-slate-200 border-b-white bg-white font-semibold text-slate-900" : "border-transparent text-slate-600 hover:bg-slate-100"
            }`}
          >
            <span className="min-w-0 break-words">{i.from}</span>
            <span className="whitespace-nowrap text-xs text-slate-500">{t(`preview.media.${i.media}`)}</span>
            <WaitingTime interaction={i} />
            {i.state === "wrap-up" && <span className="text-xs text-violet-700">{t("interaction.state.wrap-up")}</span>}
            {count > 0 && (
              <span role="img" className="rounded-full bg-red-600 px-1.5 text-xs font-semibold text-white" aria-label={t("interactions.unread", { count })}>
                {count}
              </span>
            )}
          </button>
        );
      })}
    </div>
  );
}
