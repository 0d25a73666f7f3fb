"use client";
/**
 * The theme outside Teams (issue 20): the browser's own preferences, followed live. High contrast
 * when the system forces its colours or asks for more contrast, else dark when it prefers dark,
 * else the default look. Inside Teams the Teams theme wins (components/kw-client.tsx).
 */
import { useSyncExternalStore } from "react";
import type { Theme } from "./host-context";

const CONTRAST = "(forced-colors: active), (prefers-contrast: more)";
const DARK = "(prefers-color-scheme: dark)";

export function preferredTheme(matches: (query: string) => boolean): Theme {
  if (matches(CONTRAST)) return "contrast";
  if (matches(DARK)) return "dark";
  return "default";
}

function snapshot(): Theme {
  return preferredTheme((query) => window.matchMedia(query).matches);
}

function subscribe(changed: () => void): () => void {
  const lists = [CONTRAST, DARK].map((query) => window.matchMedia(query));
  for (const list of lists) list.addEventListener("change", changed);
  return () => {
    for (const list of lists) list.removeEventListener("change", changed);
  };
}

/** The browser's preferred theme; "default" on the server and in the first render (hydration). */
export function usePreferredTheme(): Theme {
  return useSyncExternalStore(subscribe, snapshot, () => "default");
}
