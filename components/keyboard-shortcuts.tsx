"use client";
import { useEffect, useId, useRef } from "react";
import { SHORTCUT_KEYS } from "@/lib/client/shortcut-keys";
import { isTypingTarget } from "@/lib/client/typing-focus";
import { useI18n } from "@/lib/i18n";

/** The keys the web client answers to, as shown in the help; the words come from the catalogue. */
const SHORTCUTS = [
  { keys: SHORTCUT_KEYS.accept.label, what: "shortcuts.accept" },
  { keys: SHORTCUT_KEYS.reject.label, what: "shortcuts.reject" },
  { keys: "Enter", what: "shortcuts.send" },
  { keys: "Shift+Enter", what: "shortcuts.newline" },
  { keys: SHORTCUT_KEYS.hold.label, what: "shortcuts.hold" },
  { keys: SHORTCUT_KEYS.mute.label, what: "shortcuts.mute" },
  { keys: SHORTCUT_KEYS.transfer.label, what: "shortcuts.transfer" },
  { keys: SHORTCUT_KEYS.end.label, what: "shortcuts.end" },
  { keys: SHORTCUT_KEYS.done.label, what: "shortcuts.done" },
  { keys: SHORTCUT_KEYS.nextTab.label, what: "shortcuts.nextTab" },
  { keys: SHORTCUT_KEYS.previousTab.label, what: "shortcuts.previousTab" },
  { keys: "Esc", what: "shortcuts.escape" },
  { keys: "?", what: "shortcuts.help" },
] as const;

/**
 * The `Keyboard shortcuts` help: `?` opens it anywhere but in a text field (where `?` is
 * text), and so does the footer's button. A native modal dialog: it keeps the focus inside,
 * Escape closes it, and the focus goes back where it was.
 */
export function KeyboardShortcuts() {
  const { t } = useI18n();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "?" || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(document.activeElement) || dialog.current?.open) return;
      event.preventDefault();
      dialog.current?.showModal();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <>
      <button
        type="button"
        onClick={() => dialog.current?.showModal()}
        aria-keyshortcuts="?"
        className="rounded-md px-2 py-1 text-sm text-slate-700 underline-offset-2 hover:underline"
      >
        {t("shortcuts.title")}
      </button>
      <dialog ref={dialog} aria-labelledby={`${id}-title`} className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg bg-white p-5 text-slate-900 shadow-xl backdrop:bg-slate-900/40">
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          {t("shortcuts.title")}
        </h2>
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
          {SHORTCUTS.map(({ keys, what }) => (
            <div key={keys} className="contents">
              <dt>
                <kbd className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs ring-1 ring-slate-300">{keys}</kbd>
              </dt>
              <dd>{t(what)}</dd>
            </div>
          ))}
        </dl>
        <form method="dialog" className="mt-4 flex justify-end">
          <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
            {t("shortcuts.close")}
          </button>
        </form>
      </dialog>
    </>
  );
}
