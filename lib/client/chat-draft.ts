/**
 * A chat's unsent message, kept in this tab's sessionStorage by interaction id (issue 20): it
 * survives a reload and a switch to another interaction, and goes when it is sent or when the
 * interaction is gone. sessionStorage, not localStorage: a draft belongs to this tab, and another
 * tab of the same worker must not send it a second time.
 */
import { useCallback, useEffect, useRef, useState } from "react";

const PREFIX = "ucc-draft:";

function read(interactionId: string): string {
  try {
    return sessionStorage.getItem(PREFIX + interactionId) ?? "";
  } catch {
    return "";
  }
}

function write(interactionId: string, text: string): void {
  try {
    if (text) sessionStorage.setItem(PREFIX + interactionId, text);
    else sessionStorage.removeItem(PREFIX + interactionId);
  } catch {
    // NOTE: storage refused (a sandboxed frame): the draft lives as long as the page.
  }
}

export function forgetChatDraft(interactionId: string): void {
  write(interactionId, "");
}

export function useChatDraft(interactionId: string): [string, (text: string) => void] {
  // NOTE: "" in the first render, as on the server (hydration); the kept draft comes in after.
  const [draft, setDraft] = useState("");
  useEffect(() => {
    const kept = read(interactionId);
    if (kept) setDraft((current) => current || kept);
  }, [interactionId]);
  const change = useCallback(
    (text: string) => {
      setDraft(text);
      write(interactionId, text);
    },
    [interactionId],
  );
  return [draft, change];
}

/** Forgets the drafts of interactions that were held here and no longer are (ended, transferred). */
export function useForgetGoneDrafts(heldIds: readonly string[]): void {
  const seen = useRef(new Set<string>());
  const key = heldIds.join(" ");
  useEffect(() => {
    const now = new Set(heldIds);
    for (const id of seen.current) if (!now.has(id)) forgetChatDraft(id);
    seen.current = now;
    // NOTE: keyed by the ids' value: a new array of the same ids changes nothing.
  }, [key]);
}
