/**
 * What the web client keeps beside SWR's data between fetches, kept to what it shows: messages
 * pushed since a chat was fetched, until a fetch carries them or the chat is gone; when each
 * customer was last seen typing, until the indicator is stale; the offers this window answered,
 * until their closing has been heard. Pure functions, so the bounds are tested as tables.
 */
import type { ChatMessageView } from "../protocol";

/** Pushed messages kept per chat: beyond this, the oldest go (a fetch has them by then). */
export const PUSHED_PER_CHAT_MAX = 200;

export type PushedMessages = Readonly<Record<string, readonly ChatMessageView[]>>;
export type TypingUntil = Readonly<Record<string, number>>;

/** Adds a pushed message once, keeping at most PUSHED_PER_CHAT_MAX for its chat (the newest). */
export function addPushed(current: PushedMessages, interactionId: string, message: ChatMessageView, max = PUSHED_PER_CHAT_MAX): PushedMessages {
  const list = current[interactionId] ?? [];
  if (list.some((m) => m.id === message.id)) return current;
  const next = [...list, message];
  return { ...current, [interactionId]: next.length > max ? next.slice(next.length - max) : next };
}

/**
 * Drops pushed messages a fetch now carries. NOTE: a chat the fetch does not list keeps its own:
 * a chat just accepted may be pushed to before the list that holds it arrives.
 */
export function withoutFetched(current: PushedMessages, fetched: ReadonlyArray<{ id: string; messages: readonly ChatMessageView[] }>): PushedMessages {
  let changed = false;
  const next: Record<string, readonly ChatMessageView[]> = {};
  const byId = new Map(fetched.map((i) => [i.id, new Set(i.messages.map((m) => m.id))]));
  for (const [interactionId, list] of Object.entries(current)) {
    const seen = byId.get(interactionId);
    const kept = seen ? list.filter((m) => !seen.has(m.id)) : list;
    if (kept.length !== list.length) changed = true;
    if (kept.length > 0) next[interactionId] = kept;
    else changed = true;
  }
  return changed ? next : current;
}

/** Forgets everything kept for an interaction that is done, abandoned or gone from this worker. */
export function forget<T>(current: Readonly<Record<string, T>>, interactionId: string): Readonly<Record<string, T>> {
  if (!(interactionId in current)) return current;
  const { [interactionId]: _gone, ...rest } = current;
  return rest;
}

/** Typing indicators still shown at `now`, with `interactionId` shown until `until` (0: not typing). */
export function typingAt(current: TypingUntil, now: number, interactionId?: string, until = 0): TypingUntil {
  const next: Record<string, number> = {};
  for (const [id, at] of Object.entries(current)) if (at > now && id !== interactionId) next[id] = at;
  if (interactionId !== undefined && until > now) next[interactionId] = until;
  return next;
}
