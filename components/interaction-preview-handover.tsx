"use client";
import type { OfferView } from "@/lib/protocol";
import { useI18n } from "@/lib/i18n";
import { Transcript } from "./transcript";

/** In a Preview of an interaction another worker hands on: who, their note, and the chat so far. */
export function InteractionPreviewHandover({ offer }: { offer: OfferView }) {
  const { t } = useI18n();
  const handover = offer.handover;
  if (!handover) return null;
  return (
    <div className="mt-3 flex flex-col gap-2 rounded-md bg-amber-50 p-3 text-sm text-amber-950">
      <p className="font-medium">{t(`preview.handover.${handover.purpose}`, { by: handover.by, media: offer.interaction.media })}</p>
      {handover.note && <p className="break-words">{t("preview.handoverNote", { by: handover.by, note: handover.note })}</p>}
      {offer.messages && offer.messages.length > 0 && (
        <Transcript
          messages={offer.messages}
          own="worker"
          senderName={(from) => (from === "customer" ? offer.interaction.from : handover.by)}
          className="max-h-48 rounded bg-white p-2 ring-1 ring-amber-200"
        />
      )}
    </div>
  );
}
