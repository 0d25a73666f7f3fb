"use client";
import { useMemo, useRef, useState } from "react";
import type { HeldInteraction } from "@/lib/client/api";
import { formatDuration, skewOf } from "@/lib/client/call-clock";
import { SHORTCUT_KEYS } from "@/lib/client/shortcut-keys";
import { useInteractionAction } from "@/lib/client/use-interaction-action";
import { useShortcut } from "@/lib/client/use-shortcut";
import type { Action } from "@/lib/domain/capabilities";
import { useI18n } from "@/lib/i18n";
import { InteractionKeypad } from "./interaction-keypad";
import { InteractionTransferDialog } from "./interaction-transfer-dialog";
import { useTicking } from "./ui/use-ticking";

const button = "rounded-md px-3 py-2 font-medium ring-1 disabled:opacity-50";
const plain = `${button} text-slate-800 ring-slate-300 hover:bg-slate-100`;
const pressed = `${button} bg-amber-100 text-amber-900 ring-amber-300`;

/**
 * A call: its state and timer (from the connector's timestamps), who is on it, and the controls
 * Hold/Retrieve, Mute/Unmute, Keypad, Transfer, Conference, Hang up, each enabled exactly when
 * the connector allows it. The connector models call control only: no audio passes through it.
 */
export function InteractionCall({ interaction, front = true }: { interaction: HeldInteraction; front?: boolean }) {
  const { t } = useI18n();
  const call = interaction.call;
  const can = (action: Action) => interaction.capabilities.includes(action);
  const { run, busy, error } = useInteractionAction(interaction.id);
  const [keypad, setKeypad] = useState(false);
  const [dialog, setDialog] = useState<"transfer" | "conference" | null>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  const transferButton = useRef<HTMLButtonElement>(null);
  const skew = useMemo(() => skewOf(interaction.serverTime), [interaction.serverTime]);
  const live = call?.state === "established" || call?.state === "held";
  const now = useTicking(Boolean(live && call?.establishedAt));
  const elapsed = call?.establishedAt ? formatDuration(now + skew - Date.parse(call.establishedAt)) : undefined;
  const busyNow = busy !== null;
  const invite = interaction.invite;
  const owner = interaction.participants.find((p) => p.role === "worker");
  // NOTE: the shortcuts press the same buttons, under the same conditions (shortcut-keys.ts).
  const keysOn = front && interaction.state === "active" && !busyNow;
  const mine = keysOn && interaction.role === "owner";
  useShortcut("hold", mine && (can("retrieve") || can("hold")), () => void run(can("retrieve") ? "retrieve" : "hold"));
  useShortcut("mute", mine && (can("unmute") || can("mute")), () => void run(can("unmute") ? "unmute" : "mute"));
  useShortcut("transfer", mine && can("transfer") && !can("cancel-transfer") && dialog === null, () => {
    opener.current = transferButton.current;
    setDialog("transfer");
  });
  useShortcut("end", keysOn && can("release"), () => void run("release"));

  const status = !call
    ? ""
    : call.state === "held"
      ? t(call.heldBy === "customer" ? "call.heldByCustomer" : "call.held")
      : t(`call.state.${call.state}`);

  const open = (which: "transfer" | "conference") => (event: React.MouseEvent<HTMLButtonElement>) => {
    opener.current = event.currentTarget;
    setDialog(which);
  };

  return (
    <div className="flex flex-col gap-3 px-4 py-3 sm:px-5">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1">
        <p role="status" className="font-medium text-slate-900">
          {status}
          {call?.muted && <span className="ml-2 rounded bg-slate-200 px-1.5 text-xs font-semibold text-slate-700">{t("call.mutedBadge")}</span>}
        </p>
        {elapsed && (
          <p className="font-mono text-sm text-slate-700">
            <span className="sr-only">{t("call.timer")} </span>
            <time aria-live="off">{elapsed}</time>
          </p>
        )}
      </div>
      {/* NOTE: a call matched on the desktop phone has its audio there; the embedded model has none. */}
      <p className="text-sm font-medium text-slate-700">{t(call?.desktop ? "call.device.desktop" : "call.device.builtIn")}</p>
      {!call?.desktop && <p className="text-xs text-slate-500">{t("interaction.callNote")}</p>}
      {interaction.role === "party" && owner && <p className="text-sm text-slate-700">{t("call.joined", { worker: owner.name, from: interaction.from })}</p>}
      {interaction.participants.length > 2 && (
        <ul aria-label={t("call.participants")} className="flex flex-col gap-1 text-sm">
          {interaction.participants.map((p) => (
            <li key={`${p.role}-${p.id ?? "customer"}`} className="flex flex-wrap items-center gap-2">
              <span>{p.name}</span>
              <span className="text-xs text-slate-500">{t(`call.role.${p.role}`)}</span>
              {p.role === "conference" && can("remove-party") && (
                <button type="button" disabled={busyNow} onClick={() => void run("remove-party", { worker: p.id })} className="text-xs font-medium text-red-800 underline">
                  {t("call.remove", { name: p.name })}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {invite && (
        <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t(`call.invite.${invite.purpose}.${invite.stage}`, { to: invite.to.name })}
        </p>
      )}
      {call && call.dtmfReceived && <p className="text-sm text-slate-600">{t("call.keysReceived", { keys: call.dtmfReceived })}</p>}
      {error && (
        <p role="alert" className="text-sm font-medium text-red-700">
          {t("interaction.failed", { reason: error })}
        </p>
      )}
      {interaction.state === "active" && (
        <div className="flex flex-wrap gap-2">
          {interaction.role === "owner" && (
            <>
              {can("retrieve") ? (
                <button type="button" disabled={busyNow} onClick={() => void run("retrieve")} aria-keyshortcuts={SHORTCUT_KEYS.hold.label} className={pressed}>
                  {t("call.retrieve")}
                </button>
              ) : (
                <button type="button" disabled={busyNow || !can("hold")} onClick={() => void run("hold")} aria-keyshortcuts={SHORTCUT_KEYS.hold.label} className={plain}>
                  {t("call.hold")}
                </button>
              )}
              {can("unmute") ? (
                <button type="button" disabled={busyNow} onClick={() => void run("unmute")} aria-keyshortcuts={SHORTCUT_KEYS.mute.label} className={pressed}>
                  {t("call.unmute")}
                </button>
              ) : (
                <button type="button" disabled={busyNow || !can("mute")} onClick={() => void run("mute")} aria-keyshortcuts={SHORTCUT_KEYS.mute.label} className={plain}>
                  {t("call.mute")}
                </button>
              )}
              <button type="button" aria-expanded={keypad} disabled={!can("dtmf") && !keypad} onClick={() => setKeypad((v) => !v)} className={keypad ? pressed : plain}>
                {t("call.keypad")}
              </button>
              {can("complete-transfer") && (
                <button type="button" disabled={busyNow} onClick={() => void run("complete-transfer")} className={`${button} bg-brand-600 text-white ring-brand-600 hover:bg-brand-700`}>
                  {t("call.completeTransfer")}
                </button>
              )}
              {can("cancel-transfer") ? (
                <button type="button" disabled={busyNow} onClick={() => void run("cancel-transfer")} className={plain}>
                  {t("interaction.cancelTransfer")}
                </button>
              ) : (
                <button ref={transferButton} type="button" aria-haspopup="dialog" disabled={busyNow || !can("transfer")} onClick={open("transfer")} aria-keyshortcuts={SHORTCUT_KEYS.transfer.label} className={plain}>
                  {t("interaction.transfer")}
                </button>
              )}
              <button type="button" aria-haspopup="dialog" disabled={busyNow || !can("conference")} onClick={open("conference")} className={plain}>
                {t("call.conference")}
              </button>
            </>
          )}
          <button type="button" disabled={busyNow || !can("release")} onClick={() => void run("release")} aria-keyshortcuts={SHORTCUT_KEYS.end.label} className={`${button} bg-red-700 text-white ring-red-700 hover:bg-red-800`}>
            {t("interaction.hangUp")}
          </button>
        </div>
      )}
      {keypad && interaction.state === "active" && (
        <>
          <InteractionKeypad disabled={busyNow || !can("dtmf")} onKey={(key) => void run("dtmf", { digits: key })} />
          {call?.dtmfSent && <p className="font-mono text-sm text-slate-600">{t("call.keysSent", { keys: call.dtmfSent })}</p>}
        </>
      )}
      {dialog && (
        <InteractionTransferDialog
          interaction={interaction}
          mode={dialog}
          onClose={() => {
            setDialog(null);
            opener.current?.focus();
          }}
        />
      )}
    </div>
  );
}
