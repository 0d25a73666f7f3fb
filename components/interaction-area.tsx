"use client";
import type { HeldInteraction, WorkerView } from "@/lib/client/api";
import type { TimedOffer } from "@/lib/client/offer-clock";
import type { OfferNote } from "@/lib/client/use-live-worker";
import { useI18n } from "@/lib/i18n";
import { InteractionPanel } from "./interaction-panel";
import { PreviewDialog } from "./preview-dialog";

/** Previews first, then the interactions in hand; an honest empty state when there are none. */
export function InteractionArea({
  worker,
  offers,
  interactions,
  notes,
  onAnswered,
  onStale,
}: {
  worker: WorkerView;
  offers: TimedOffer[];
  interactions: HeldInteraction[];
  notes: OfferNote[];
  onAnswered(offerId: string): void;
  onStale(): void;
}) {
  const { t } = useI18n();
  const empty = offers.length === 0 && interactions.length === 0;
  return (
    <section aria-labelledby="interactions-heading" className="flex flex-1 flex-col gap-3">
      <h2 id="interactions-heading" className="text-lg font-semibold text-slate-900">
        {t("interactions.heading")}
      </h2>
      <div aria-live="polite" className="flex flex-col gap-2">
        {notes.map((note) => (
          <p key={note.id} className="rounded-md bg-slate-100 px-4 py-2 text-sm text-slate-700">
            {t(`note.${note.text}`, { from: note.from, media: note.media })}
          </p>
        ))}
      </div>
      {offers.map((offer, index) => (
        <PreviewDialog key={offer.id} offer={offer} primary={index === 0} onAnswered={onAnswered} onStale={onStale} />
      ))}
      {interactions.map((interaction) => (
        <InteractionPanel key={interaction.id} interaction={interaction} />
      ))}
      {empty && (
        <div className="flex flex-1 flex-col items-center justify-center rounded-lg border-2 border-dashed border-slate-300 bg-white px-6 py-12 text-center">
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
