import type { Presence } from "@/lib/domain/presence";

const COLOURS: Record<Presence, string> = {
  available: "bg-emerald-500",
  busy: "bg-red-600",
  dnd: "bg-red-700 ring-2 ring-red-200",
  "be-right-back": "bg-amber-400",
  away: "bg-amber-500",
  offline: "bg-slate-400",
  "after-call-work": "bg-violet-500",
};

/** A coloured dot beside the presence; decorative, the text says the same. */
export function PresenceDot({ presence }: { presence: Presence }) {
  return <span aria-hidden="true" className={`inline-block h-3 w-3 shrink-0 rounded-full ${COLOURS[presence]}`} />;
}
