"use client";
import type { ConnectionState } from "@/lib/client/bayeux-client";
import { useI18n } from "@/lib/i18n";

const STYLE: Record<ConnectionState, string> = {
  connecting: "bg-slate-100 text-slate-700",
  connected: "bg-emerald-50 text-emerald-800",
  reconnecting: "bg-amber-50 text-amber-900",
  offline: "bg-red-50 text-red-800",
  "signed-out": "bg-slate-100 text-slate-700",
  suspended: "bg-slate-100 text-slate-700",
};

const DOT: Record<ConnectionState, string> = {
  connecting: "bg-slate-400 animate-pulse",
  connected: "bg-emerald-500",
  reconnecting: "bg-amber-500 animate-pulse",
  offline: "bg-red-600",
  "signed-out": "bg-slate-400",
  suspended: "bg-slate-400",
};

/** The live connection to the connector, announced politely when it changes. */
export function ConnectionStatus({ state }: { state: ConnectionState }) {
  const { t } = useI18n();
  return (
    <p
      role="status"
      aria-live="polite"
      data-state={state}
      className={`inline-flex items-center gap-2 rounded-full px-3 py-1 text-sm font-medium ${STYLE[state]}`}
    >
      <span aria-hidden="true" className={`h-2 w-2 rounded-full ${DOT[state]}`} />
      <span className="sr-only">{t("connection.label")}: </span>
      {t(`connection.${state}`)}
    </p>
  );
}
