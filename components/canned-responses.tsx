"use client";
import { useId, useState } from "react";
import { useWorkspaceTexts } from "@/lib/client/workspace-texts";
import { useI18n } from "@/lib/i18n";

/** A draft that asks for canned responses: `/` at the start, then what to search for. */
const QUERY = /^\/(\S*)$/;
const MAX_SHOWN = 8;

/**
 * Canned responses in the message box: `/` at its start opens a list of the deployment's
 * responses under it, `/ref` filters them (by id or text), arrows move, Enter puts the text in the
 * worker's language into the box (still editable before it is sent), Escape closes the list.
 *
 * NOTE: the message box is a combobox (ARIA 1.2: aria-expanded, aria-controls,
 * aria-activedescendant) only while the list is open; the rest of the time it stays the plain
 * textbox `Message` that CONTRACT.md names and screen readers expect of a multi-line field.
 */
export function useCannedResponses(draft: string, setDraft: (text: string) => void) {
  const { t } = useI18n();
  const id = useId();
  const { responses } = useWorkspaceTexts();
  const [active, setActive] = useState(0);
  /** The draft the worker closed the list on with Escape: it stays closed until the draft changes. */
  const [dismissed, setDismissed] = useState<string | null>(null);
  const query = QUERY.exec(draft)?.[1]?.toLowerCase();
  const matches =
    query === undefined ? [] : responses.filter((r) => r.id.toLowerCase().includes(query) || r.text.toLowerCase().includes(query)).slice(0, MAX_SHOWN);
  const open = matches.length > 0 && dismissed !== draft;
  const current = Math.min(active, matches.length - 1);
  const optionId = (i: number) => `${id}-response-${i}`;

  function insert(index: number) {
    setDraft(matches[index].text);
    setActive(0);
  }

  /** Handles the list's keys; true when the key was the list's (the composer then ignores it). */
  function onKeyDown(event: React.KeyboardEvent<HTMLTextAreaElement>): boolean {
    if (!open) return false;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((current + step + matches.length) % matches.length);
      return true;
    }
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      insert(current);
      return true;
    }
    if (event.key === "Escape") {
      // NOTE: the list only: the Escape must not also close a dialog around the chat.
      event.preventDefault();
      event.stopPropagation();
      setDismissed(draft);
      return true;
    }
    return false;
  }

  const inputProps = open
    ? {
        role: "combobox",
        "aria-expanded": true,
        "aria-controls": `${id}-list`,
        "aria-autocomplete": "list" as const,
        "aria-activedescendant": optionId(current),
      }
    : {};

  const popup = open ? (
    <ul id={`${id}-list`} role="listbox" aria-label={t("responses.label")} className="max-h-60 overflow-y-auto rounded-md border border-slate-300 bg-white py-1 text-sm shadow-md">
      {matches.map((r, i) => (
        <li
          key={r.id}
          id={optionId(i)}
          role="option"
          aria-selected={i === current}
          // NOTE: mousedown, not click: the message box keeps the focus, so typing goes on.
          onMouseDown={(e) => {
            e.preventDefault();
            insert(i);
          }}
          className={`cursor-pointer px-3 py-1.5 ${i === current ? "bg-brand-600 text-white" : "text-slate-800 hover:bg-slate-100"}`}
        >
          <span className="font-mono text-xs">/{r.id}</span> <span className="break-words">{r.text}</span>
        </li>
      ))}
    </ul>
  ) : null;

  return { inputProps, onKeyDown, popup };
}
