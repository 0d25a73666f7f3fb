"use client";
import { useI18n } from "@/lib/i18n";

const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"] as const;

/** The keypad: a group of buttons 0-9, *, # that send DTMF on the call. */
export function InteractionKeypad({ disabled, onKey }: { disabled: boolean; onKey(key: string): void }) {
  const { t } = useI18n();
  return (
    <div role="group" aria-label={t("call.keypad")} className="grid w-full max-w-56 grid-cols-3 gap-1.5">
      {KEYS.map((key) => (
        <button
          key={key}
          type="button"
          disabled={disabled}
          onClick={() => onKey(key)}
          className="rounded-md bg-slate-100 py-2 font-mono text-lg font-semibold text-slate-900 ring-1 ring-slate-300 hover:bg-slate-200 disabled:opacity-50"
        >
          {key}
        </button>
      ))}
    </div>
  );
}
