"use client";
import { useId, useMemo, useRef, useState } from "react";
import { api, newMessageId, type HeldInteraction } from "@/lib/client/api";
import { useChatDraft } from "@/lib/client/chat-draft";
import { useTranscriptPages } from "@/lib/client/transcript-pages";
import { throttledTyping } from "@/lib/client/typing";
import { SHORTCUT_KEYS } from "@/lib/client/shortcut-keys";
import { useInteractionAction } from "@/lib/client/use-interaction-action";
import { useShortcut } from "@/lib/client/use-shortcut";
import { errorReason, useI18n } from "@/lib/i18n";
import { useCannedResponses } from "./canned-responses";
import { EndChatConfirm } from "./end-chat-confirm";
import { InteractionTransferDialog } from "./interaction-transfer-dialog";
import { Transcript } from "./transcript";

/**
 * A chat: the transcript, who is typing, and the composer (Enter sends, Shift+Enter breaks the
 * line) with Send, Transfer and End chat, each enabled exactly when the connector allows it.
 * End chat asks once first (the customer is still there while the chat is active).
 */
export function InteractionChat({ interaction, customerTyping, front = true }: { interaction: HeldInteraction; customerTyping: boolean; front?: boolean }) {
  const { t } = useI18n();
  const id = useId();
  const can = (action: (typeof interaction.capabilities)[number]) => interaction.capabilities.includes(action);
  const { run, busy, error } = useInteractionAction(interaction.id);
  const [draft, setDraft] = useChatDraft(interaction.id);
  const draftNow = useRef(draft);
  draftNow.current = draft;
  // A message the connector did not keep: shown under the composer with Retry (same id, same text).
  const [failed, setFailed] = useState<{ id: string; text: string } | null>(null);
  const [transferOpen, setTransferOpen] = useState(false);
  const transferButton = useRef<HTMLButtonElement>(null);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const endButton = useRef<HTMLButtonElement>(null);
  // NOTE: one id per message until it is kept, so a retry after a lost reply is kept only once.
  // NOTE: one id per message until it is kept (a retry of the same text is kept once).
  const pending = useRef<{ id: string; text: string } | null>(null);
  const sayTyping = useMemo(() => throttledTyping(() => api.typing(interaction.id)), [interaction.id]);
  const transcript = useTranscriptPages(interaction);
  const canned = useCannedResponses(draft, setDraft);
  // NOTE: the shortcuts press the same buttons, under the same conditions (shortcut-keys.ts).
  const keysOn = front && interaction.state === "active" && busy === null;
  useShortcut("transfer", keysOn && can("transfer") && !transferOpen, () => setTransferOpen(true));
  useShortcut("end", keysOn && can("end"), () => setConfirmEnd(true));

  async function send(text = draft.trim()) {
    if (!text || !can("send")) return;
    const message = { id: pending.current?.text === text ? pending.current.id : newMessageId(), text };
    pending.current = message;
    if (await run("send", message)) {
      if (pending.current?.id === message.id) pending.current = null;
      setFailed(null);
      sayTyping.sent();
      // NOTE: only if the box still holds what was sent (the push may show it before this answer).
      if (draftNow.current.trim() === text) setDraft("");
    } else setFailed(message);
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLTextAreaElement>) {
    if (canned.onKeyDown(event)) return;
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  }

  const invite = interaction.invite;
  return (
    <>
      <Transcript
        messages={transcript.messages}
        earlier={{ has: transcript.hasEarlier, loading: transcript.loading, show: () => void transcript.showEarlier() }}
        own="worker"
        senderName={(from) => t(`interaction.sender.${from}`, { from: interaction.from })}
        className="max-h-80 min-h-24 px-4 py-3 sm:px-5"
      />
      <p className="min-h-5 px-4 text-xs italic text-slate-500 sm:px-5" aria-live="polite">
        {customerTyping && interaction.state === "active" ? t("interaction.typing", { from: interaction.from }) : ""}
      </p>
      {invite && (
        <p role="status" className="mx-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 sm:mx-5">
          {t("interaction.transferPending", { to: invite.to.name })}
        </p>
      )}
      {transcript.failed !== null && (
        <p role="alert" className="px-4 text-sm font-medium text-red-700 sm:px-5">
          {t("interaction.failed", { reason: errorReason(t, transcript.failed) })}
        </p>
      )}
      {error && !failed && (
        <p role="alert" className="px-4 text-sm font-medium text-red-700 sm:px-5">
          {t("interaction.failed", { reason: error })}
        </p>
      )}
      {interaction.state === "active" && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
          className="flex flex-col gap-2 border-t border-slate-200 px-4 py-3 sm:px-5"
        >
          <label htmlFor={`${id}-message`} className="sr-only">
            {t("interaction.message")}
          </label>
          <textarea
            id={`${id}-message`}
            value={draft}
            rows={2}
            maxLength={4000}
            disabled={!can("send")}
            aria-describedby={`${id}-hint`}
            onChange={(e) => {
              setDraft(e.target.value);
              if (e.target.value.trim()) sayTyping.typed();
            }}
            onKeyDown={onKeyDown}
            {...canned.inputProps}
            className="w-full resize-y rounded-md border border-slate-300 px-3 py-2 disabled:bg-slate-50"
          />
          {canned.popup}
          <p id={`${id}-hint`} className="text-xs text-slate-500">
            {t("interaction.enterHint")}
          </p>
          {failed && (
            <div role="alert" className="flex flex-wrap items-center gap-2 text-sm font-medium text-red-700">
              <span>{t("composer.failed", { reason: error ?? "" })}</span>
              <button type="button" disabled={busy !== null} onClick={() => {
                  pending.current = failed;
                  void send(failed.text);
                }} className="rounded-md px-3 py-1 font-medium text-red-800 ring-1 ring-red-300 hover:bg-red-50 disabled:opacity-50">
                {t("composer.retry")}
              </button>
            </div>
          )}
          <div className="flex flex-wrap gap-2">
            <button type="submit" disabled={busy !== null || !draft.trim() || !can("send")} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-50">
              {t("interaction.send")}
            </button>
            {can("cancel-transfer") ? (
              // NOTE: the same ref: after a transfer is asked for, focus comes back here.
              <button ref={transferButton} type="button" disabled={busy !== null} onClick={() => void run("cancel-transfer")} className="rounded-md px-3 py-2 font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100 disabled:opacity-50">
                {t("interaction.cancelTransfer")}
              </button>
            ) : (
              <button
                ref={transferButton}
                type="button"
                disabled={busy !== null || !can("transfer")}
                onClick={() => setTransferOpen(true)}
                aria-haspopup="dialog"
                aria-keyshortcuts={SHORTCUT_KEYS.transfer.label}
                className="rounded-md px-3 py-2 font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100 disabled:opacity-50"
              >
                {t("interaction.transfer")}
              </button>
            )}
            <button
              ref={endButton}
              type="button"
              disabled={busy !== null || !can("end")}
              onClick={() => setConfirmEnd(true)}
              aria-haspopup="dialog"
              aria-keyshortcuts={SHORTCUT_KEYS.end.label}
              aria-expanded={confirmEnd}
              className="rounded-md px-3 py-2 font-medium text-red-800 ring-1 ring-red-300 hover:bg-red-50 disabled:opacity-50">
              {t("interaction.endChat")}
            </button>
          </div>
        </form>
      )}
      {confirmEnd && interaction.state === "active" && (
        <EndChatConfirm
          from={interaction.from}
          busy={busy !== null}
          onConfirm={() => {
            setConfirmEnd(false);
            void run("end");
          }}
          onCancel={() => {
            setConfirmEnd(false);
            endButton.current?.focus();
          }}
        />
      )}
      {transferOpen && (
        <InteractionTransferDialog
          interaction={interaction}
          mode="transfer"
          onClose={() => {
            setTransferOpen(false);
            transferButton.current?.focus();
          }}
        />
      )}
    </>
  );
}
