import { isTypingTarget } from "./typing-focus";

/**
 * The worker's keyboard shortcuts: Alt plus a key found by its place on the keyboard
 * (`KeyboardEvent.code`), never by the character it types, so the same key works on every
 * layout and in every language the client speaks (a French AZERTY Alt+A is the key labelled A).
 *
 * NOTE: why Alt+key alone: inside Teams the tab shares the keyboard with Teams, whose own
 * shortcuts are Ctrl+…, Ctrl+Shift+… and Alt+Shift+… (Ctrl+E search, Ctrl+N new chat, Ctrl+.
 * its list, Ctrl+Shift+M mute in a meeting). A bare Alt+key with no Ctrl or Shift is none of
 * them. Browsers keep Alt+D (address bar), Alt+E and Alt+F (menu) and Alt+←/→ (history), so
 * those are not used; tabs move with Alt+PageDown/PageUp, like Ctrl+PageDown between browser
 * tabs. AltGr arrives as Ctrl+Alt on Windows and is left alone, so it still types characters.
 */
export const SHORTCUT_KEYS = {
  accept: { code: "KeyA", label: "Alt+A" },
  reject: { code: "KeyR", label: "Alt+R" },
  hold: { code: "KeyH", label: "Alt+H" },
  mute: { code: "KeyM", label: "Alt+M" },
  transfer: { code: "KeyT", label: "Alt+T" },
  end: { code: "KeyX", label: "Alt+X" },
  done: { code: "KeyW", label: "Alt+W" },
  nextTab: { code: "PageDown", label: "Alt+PageDown" },
  previousTab: { code: "PageUp", label: "Alt+PageUp" },
} as const;

export type ShortcutName = keyof typeof SHORTCUT_KEYS;

/** Whether `event` is the bare Alt+key combination of `name` (no Ctrl, Shift or Meta). */
export function isShortcut(event: KeyboardEvent, name: ShortcutName): boolean {
  return event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey && event.code === SHORTCUT_KEYS[name].code;
}

/**
 * Whether the interaction shortcuts may act now: not while the worker types (their keys are
 * text there; on a Mac Option+letter types a character), and not inside a dialog, which has
 * its own keys (Escape, its buttons) and would lose its context to an action behind it.
 */
export function interactionKeysFree(active: Element | null): boolean {
  if (isTypingTarget(active)) return false;
  return !active?.closest("dialog, [role=dialog], [role=alertdialog]");
}
