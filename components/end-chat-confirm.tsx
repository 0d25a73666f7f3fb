"use client";
import { useEffect, useId, useRef } from "react";
import { useI18n } from "@/lib/i18n";

/**
 * Asks once before a chat is ended: ending cannot be undone and the customer is told at once.
 * The focus starts on Cancel, so a stray Enter or Space keeps the chat; Escape cancels too.
 */
export function EndChatConfirm({ from, busy, onConfirm, onCancel }: { from: string; busy: boolean; onConfirm(): void; onCancel(): void }) {
  const { t } = useI18n();
  const id = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);

  useEffect(() => cancelRef.current?.focus(), []);

  return (
    <div
      role="alertdialog"
      aria-modal="false"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          onCancel();
        }
      }}
      className="mx-4 mb-3 rounded-lg border border-red-300 bg-white p-4 shadow-md sm:mx-5"
    >
      <h4 id={`${id}-title`} className="font-semibold text-slate-900">
        {t("endChat.title")}
      </h4>
      <p id={`${id}-body`} className="mt-1 text-sm text-slate-700">
        {t("endChat.body", { from })}
      </p>
      <div className="mt-3 flex flex-wrap gap-2">
        <button type="button" disabled={busy} onClick={onConfirm} className="rounded-md bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800 disabled:opacity-50">
          {t("interaction.endChat")}
        </button>
        <button ref={cancelRef} type="button" onClick={onCancel} className="rounded-md px-3 py-2 font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100">
          {t("transfer.cancel")}
        </button>
      </div>
    </div>
  );
}
