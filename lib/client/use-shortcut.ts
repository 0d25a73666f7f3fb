"use client";
import { useEffect, useRef } from "react";
import { interactionKeysFree, isShortcut, type ShortcutName } from "./shortcut-keys";

/**
 * Runs `action` on the shortcut `name` while `enabled` (the interaction is in front and its
 * control is enabled), except while the worker types or is inside a dialog.
 */
export function useShortcut(name: ShortcutName, enabled: boolean, action: () => void): void {
  // NOTE: the latest action without re-adding the listener on each render.
  const latest = useRef(action);
  latest.current = action;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || !isShortcut(event, name) || !interactionKeysFree(document.activeElement)) return;
      event.preventDefault();
      latest.current();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [name, enabled]);
}
