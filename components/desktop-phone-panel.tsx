"use client";
import { useEffect, useState } from "react";
import { api, type WorkerView } from "@/lib/client/api";
import { errorReason, useI18n } from "@/lib/i18n";

const button = "rounded-md px-3 py-1.5 text-sm font-medium ring-1 disabled:opacity-50";
/** NOTE: baresip's ctrl_tcp default address: the command shown is one the worker can run as is. */
const SOFTPHONE_EXAMPLE = "baresip://127.0.0.1:4444";

/**
 * The Desktop phone panel (B11): whether the worker's desktop companion is connected and its
 * softphone ready (pushed as they change), a one-time pairing code with its expiry and the command
 * line to run it with (shown once, until it is spent or expires), and Unpair.
 */
export function DesktopPhonePanel({ worker, compact }: { worker: WorkerView; compact: boolean }) {
  const { t, format } = useI18n();
  const companion = worker.companion ?? { connected: false, softphone: "absent" as const };
  /** `pairedAt` is the latest pairing known when the code came: a later one spent it. */
  const [pairing, setPairing] = useState<{ code: string; expiresAt: string; pairedAt?: string } | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // NOTE: a worker has one code at a time (a new one replaces the old), so any pairing after it came
  // spent it. Only pushes carry pairedAt (a refetch drops it), so its absence says nothing.
  const pairedAt = companion.pairedAt;
  useEffect(() => {
    if (!pairing || !pairedAt || pairedAt === pairing.pairedAt) return;
    setPairing(null);
    setNote(t("phone.codeSpent"));
  }, [pairing, pairedAt, t]);
  // NOTE: the panel's own clock ends the code; the connector refuses it from then on anyway.
  useEffect(() => {
    if (!pairing) return;
    const timer = setTimeout(() => {
      setPairing(null);
      setNote(t("phone.codeExpired"));
    }, Math.max(0, Date.parse(pairing.expiresAt) - Date.now()));
    return () => clearTimeout(timer);
  }, [pairing, t]);

  const run = async (what: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await what();
    } catch (e) {
      setError(t("phone.failed", { reason: errorReason(t, e) }));
    } finally {
      setBusy(false);
    }
  };
  const getCode = () =>
    run(async () => {
      setNote(null);
      setPairing({ ...(await api.pairingCode()), ...(pairedAt ? { pairedAt } : {}) });
    });
  const unpair = () =>
    run(async () => {
      await api.unpairCompanion();
      setPairing(null);
      setNote(t("phone.unpaired"));
    });
  const command = pairing
    ? `npm run companion -- --url ${typeof window === "undefined" ? "" : window.location.origin} --worker ${worker.id} --softphone ${SOFTPHONE_EXAMPLE} --pairing-code ${pairing.code}`
    : "";

  return (
    <section aria-label={t("phone.section")} className={`rounded-lg bg-white shadow-sm ring-1 ring-slate-200 ${compact ? "p-4" : "p-4 sm:p-5"}`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <p role="status" className="font-medium text-slate-900">
            <span aria-hidden="true" className={`mr-2 inline-block h-2.5 w-2.5 rounded-full ${companion.connected ? "bg-emerald-500" : "bg-slate-400"}`} />
            {t(companion.connected ? "phone.connected" : companion.paired ? "phone.notConnected" : "phone.notPaired")}
          </p>
          {companion.connected && <p className="text-sm text-slate-600">{t(`phone.softphone.${companion.softphone}`)}</p>}
        </div>
        <div className="flex flex-wrap gap-2">
          <button type="button" disabled={busy} onClick={() => void getCode()} className={`${button} text-slate-800 ring-slate-300 hover:bg-slate-100`}>
            {t("phone.getCode")}
          </button>
          <button type="button" disabled={busy} onClick={() => void unpair()} className={`${button} text-red-800 ring-red-300 hover:bg-red-50`}>
            {t("phone.unpair")}
          </button>
        </div>
      </div>
      {pairing && (
        <div className="mt-3 flex flex-col gap-1 text-sm">
          <p className="font-medium">{t("phone.codeShown", { code: pairing.code })}</p>
          <p className="text-slate-600">{t("phone.codeExpires", { time: format.time(pairing.expiresAt) })}</p>
          <p className="text-slate-600">{t("phone.command")}</p>
          <code className="block overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-100 p-2 font-mono text-xs text-slate-800">{command}</code>
        </div>
      )}
      {note && (
        <p role="status" className="mt-2 text-sm text-slate-700">
          {note}
        </p>
      )}
      {error && (
        <p role="alert" className="mt-2 text-sm font-medium text-red-700">
          {error}
        </p>
      )}
    </section>
  );
}
