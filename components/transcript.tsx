"use client";
import { useLayoutEffect, useRef } from "react";
import type { ChatMessageView } from "@/lib/protocol";
import { useHydrated } from "@/lib/client/use-hydrated";
import { useI18n } from "@/lib/i18n";
import { systemLine } from "@/lib/i18n/system-lines";
import { LinkedText } from "./ui/linked-text";

/**
 * A chat transcript as a live log: the reader's own messages on the right, the other side's on
 * the left, system lines centred, each with its time. Scrolls to the newest message. With
 * `earlier`, a button at the top shows the page before the first message, keeping what the
 * reader sees where it was.
 */
export function Transcript({
  messages,
  own,
  senderName,
  className,
  earlier,
}: {
  messages: readonly ChatMessageView[];
  /** Whose messages are the reader's own. */
  own: "worker" | "customer";
  /** The name shown above a message that is not a system line. */
  senderName(from: "worker" | "customer"): string;
  className: string;
  /** Earlier messages exist (`has`) and `show()` adds them above. */
  earlier?: { has: boolean; loading: boolean; show(): void };
}) {
  const { t, format } = useI18n();
  // NOTE: times are written in the browser's time zone, once hydrated: the server's zone may differ.
  const hydrated = useHydrated();
  // The connector writes its system lines in English: say the ones known in the reader's language.
  const say = (m: ChatMessageView) => {
    const line = m.from === "system" ? systemLine(m.text) : undefined;
    return line ? t(line.key, line.vars) : m.text;
  };
  const logRef = useRef<HTMLDivElement>(null);
  /** The newest message seen, and the distance from the bottom when earlier ones were asked for. */
  const lastId = useRef<string | undefined>(undefined);
  const fromBottom = useRef<number | null>(null);
  const newest = messages.at(-1)?.id;
  useLayoutEffect(() => {
    const log = logRef.current;
    if (!log) return;
    if (fromBottom.current !== null && newest === lastId.current) {
      // NOTE: earlier messages went in above: the lines the reader looked at stay in place.
      log.scrollTop = log.scrollHeight - fromBottom.current;
      fromBottom.current = null;
    } else if (newest !== lastId.current) {
      log.scrollTop = log.scrollHeight;
    }
    lastId.current = newest;
  }, [messages.length, newest]);
  // NOTE: once the first message is shown the button goes; the keyboard focus it had goes to the log.
  const hasEarlier = Boolean(earlier?.has);
  const buttonHadFocus = useRef(false);
  useLayoutEffect(() => {
    if (!hasEarlier && buttonHadFocus.current && (document.activeElement === null || document.activeElement === document.body)) logRef.current?.focus();
    buttonHadFocus.current = false;
  }, [hasEarlier]);
  const showEarlier = () => {
    buttonHadFocus.current = true;
    const log = logRef.current;
    fromBottom.current = log ? log.scrollHeight - log.scrollTop : null;
    earlier?.show();
  };
  return (
    <div ref={logRef} role="log" tabIndex={-1} aria-label={t("interaction.transcript")} aria-busy={earlier?.loading || undefined} className={`overflow-y-auto ${className}`}>
      {earlier?.has && (
        <div className="mb-2 flex justify-center">
          <button
            type="button"
            onClick={showEarlier}
            disabled={earlier.loading}
            className="rounded-md px-3 py-1 text-xs font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100 disabled:opacity-50"
          >
            {t("interaction.showEarlier")}
          </button>
        </div>
      )}
      <ol className="flex flex-col gap-2">
        {messages.length === 0 && <li className="text-sm text-slate-500">{t("interaction.noMessages")}</li>}
        {messages.map((m) => (
          <li
            key={m.id}
            className={
              m.from === "system"
                ? "self-center text-xs text-slate-500"
                : `max-w-[80%] rounded-lg px-3 py-2 text-sm ${m.from === own ? "self-end bg-brand-700 text-white" : "self-start bg-slate-100 text-slate-900"}`
            }
          >
            {m.from !== "system" && <span className="block text-xs font-medium opacity-80">{senderName(m.from)}</span>}
            <span className="whitespace-pre-wrap break-words">
              <LinkedText text={say(m)} />
            </span>
            <time dateTime={m.at} className={m.from === "system" ? "ml-1.5 tabular-nums" : "mt-0.5 block text-right text-[11px] tabular-nums opacity-75"}>
              {hydrated ? format.time(m.at) : ""}
            </time>
          </li>
        ))}
      </ol>
    </div>
  );
}
