"use client";
import { useEffect, useRef, useState } from "react";
import type { HeldInteraction, WorkerView } from "@/lib/client/api";
import type { TimedOffer } from "@/lib/client/offer-clock";
import type { OfferNote } from "@/lib/client/use-live-worker";
import { useRequestedOffer } from "@/lib/client/requested-offer";
import { useShortcut } from "@/lib/client/use-shortcut";
import { useI18n } from "@/lib/i18n";
import { InteractionPanel } from "./interaction-panel";
import { InteractionTabs } from "./interaction-tabs";
import { PreviewDialog } from "./preview-dialog";

/** Customer messages of a chat: what unread counts are made of. */
const customerMessages = (i: HeldInteraction) => i.messages.filter((m) => m.from === "customer").length;

/**
 * Previews first, then the interactions in hand: one at a time behind tabs when there are
 * several, with unread counts; an honest empty state when there are none.
 */
export function InteractionArea({
  worker,
  offers,
  interactions,
  notes,
  typing = {},
  onAnswered,
  onStale,
  requestedOffer,
}: {
  worker: WorkerView;
  offers: TimedOffer[];
  interactions: HeldInteraction[];
  notes: OfferNote[];
  typing?: Record<string, number>;
  onAnswered(offerId: string): void;
  onStale(): void;
  /** The offer a Teams deep link opened the tab on: its Preview first, or a line saying it is not open. */
  requestedOffer?: string;
}) {
  const { t } = useI18n();
  const requested = useRequestedOffer(requestedOffer, offers);
  const empty = offers.length === 0 && interactions.length === 0;
  const [selected, setSelected] = useState<string | undefined>(undefined);
  /** Customer messages seen per interaction: counted when first shown, and while selected. */
  const seen = useRef(new Map<string, number>());
  const [announcement, setAnnouncement] = useState("");
  /** Customer messages already announced per interaction, so each is announced once. */
  const announced = useRef(new Map<string, number>());
  const current = interactions.find((i) => i.id === selected) ?? interactions[0];

  // A newly accepted interaction comes to the front; what was already there stays read.
  const known = useRef(new Set<string>());
  useEffect(() => {
    const fresh = interactions.filter((i) => !known.current.has(i.id));
    for (const i of interactions) {
      known.current.add(i.id);
      if (!seen.current.has(i.id)) seen.current.set(i.id, customerMessages(i));
    }
    if (fresh.length > 0 && known.current.size > fresh.length) setSelected(fresh[fresh.length - 1].id);
  }, [interactions]);

  // A message in a background interaction is announced; the one in front is read as it comes.
  useEffect(() => {
    for (const i of interactions) {
      const count = customerMessages(i);
      const before = seen.current.get(i.id) ?? count;
      if (i.id === current?.id) seen.current.set(i.id, count);
      else if (count > before && count > (announced.current.get(i.id) ?? 0)) {
        setAnnouncement(t("interactions.newMessage", { from: i.from, count: count - before }));
      }
      announced.current.set(i.id, Math.max(count, announced.current.get(i.id) ?? 0));
    }
  }, [interactions, current?.id, t]);

  const step = (by: number) => {
    const at = interactions.findIndex((i) => i.id === current?.id);
    setSelected(interactions[(at + by + interactions.length) % interactions.length].id);
  };
  useShortcut("nextTab", interactions.length > 1, () => step(1));
  useShortcut("previousTab", interactions.length > 1, () => step(-1));

  const unread = (i: HeldInteraction) => (i.id === current?.id ? 0 : Math.max(0, customerMessages(i) - (seen.current.get(i.id) ?? customerMessages(i))));

  return (
    <section aria-labelledby="interactions-heading" className="flex min-w-0 flex-1 flex-col gap-3">
      <h2 id="interactions-heading" className="text-lg font-semibold text-slate-900">
        {t("interactions.heading")}
      </h2>
      <div aria-live="polite" className="flex flex-col gap-2">
        {notes.map((note) => (
          <p key={note.id} className="rounded-md bg-slate-100 px-4 py-2 text-sm text-slate-700">
            {t(`note.${note.text}`, { from: note.from, media: note.media, who: note.who ?? "" })}
          </p>
        ))}
      </div>
      <p className="sr-only" role="status">
        {announcement}
      </p>
      {requested.notOpen && (
        <p role="note" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200">
          {t("teams.offer.ended")}
        </p>
      )}
      {requested.ordered.map((offer, index) => (
        <PreviewDialog key={offer.id} offer={offer} primary={index === 0} onAnswered={onAnswered} onStale={onStale} />
      ))}
      {interactions.length > 1 && current && (
        <InteractionTabs interactions={interactions} selected={current.id} unread={unread} onSelect={setSelected} />
      )}
      {interactions.map((interaction) => (
        <div
          key={interaction.id}
          id={`panel-${interaction.id}`}
          role={interactions.length > 1 ? "tabpanel" : undefined}
          aria-labelledby={interactions.length > 1 ? `tab-${interaction.id}` : undefined}
          hidden={interaction.id !== current?.id}
        >
          <InteractionPanel interaction={interaction} customerTypingUntil={typing[interaction.id] ?? 0} front={interaction.id === current?.id} tabbed={interactions.length > 1} />
        </div>
      ))}
      {empty && (
        <div className="flex flex-col items-center justify-center rounded-lg border-2 border-dashed border-slate-300 bg-white px-6 py-12 text-center">
          <svg aria-hidden="true" viewBox="0 0 24 24" className="mb-3 h-10 w-10 text-slate-400" fill="none" stroke="currentColor" strokeWidth="1.5">
            <path strokeLinecap="round" strokeLinejoin="round" d="M8 10h8M8 14h5m-9 6 3-3h10a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2H5a2 2 0 0 0-2 2v9a2 2 0 0 0 1 1.7V20Z" />
          </svg>
          <p className="font-medium text-slate-800">{t("interactions.empty.title")}</p>
          <p className="mt-1 max-w-sm text-sm text-slate-600">{worker.ready ? t("interactions.empty.ready") : t("interactions.empty.notReady")}</p>
        </div>
      )}
    </section>
  );
}
