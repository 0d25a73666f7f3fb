"use client";
import { useEffect, useRef } from "react";
import type { ChatMessageView } from "@/lib/protocol";
import { useHydrated } from "@/lib/client/use-hydrated";
import { useI18n } from "@/lib/i18n";
import { systemLine } from "@/lib/i18n/system-lines";
import { LinkedText } from "./ui/linked-text";

/**
 * A chat transcript as a live log: the reader's own messages on the right, the other side's on
 * the left, system lines centred, each with its time. Scrolls to the newest message.
 */
export function Transcript({
  messages,
  own,
  senderName,
  className,
}: {
  messages: readonly ChatMessageView[];
  /** Whose messages are the reader's own. */
  own: "worker" | "customer";
  /** The name shown above a message that is not a system line. */
  senderName(from: "worker" | "customer"): string;
  className: string;
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
  useEffect(() => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [messages.length]);
  return (
    <div ref={logRef} role="log" aria-label={t("interaction.transcript")} className={`overflow-y-auto ${className}`}>
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
