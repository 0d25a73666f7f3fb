"use client";
/**
 * Everything the web client shows of the signed-in worker: presence, open Previews and accepted
 * interactions. Each is fetched with SWR and kept live by the pushes on the worker's Bayeux
 * channels; all are refetched after every (re)handshake, so a missed push costs nothing. Inside
 * Teams, a suspended (cached) tab lets go of its session and handshakes again on resume.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import useSWR, { useSWRConfig } from "swr";
import { channels } from "../bayeux/channels";
import type { ChatMessageView, PushMessage } from "../protocol";
import { api, ApiError, type HeldInteraction, type WorkerView } from "./api";
import { connectBayeux, type ConnectionState } from "./bayeux-client";
import { onHostLifecycle } from "./host";
import { addPushed, forget, typingAt, withoutFetched, type PushedMessages, type TypingUntil } from "./live-state";
import { isRecentKey } from "./recent-interactions";
import { timed, type TimedOffer } from "./offer-clock";
import { TYPING_SHOWN_MS } from "./typing";

export const ME_KEY = "/api/kw/me";
export const OFFERS_KEY = "/api/kw/offers";
export const INTERACTIONS_KEY = "/api/kw/interactions";

/** How long "accepted in another window" stays on screen. */
const NOTE_MS = 6_000;

export interface OfferNote {
  id: string;
  text: "accepted-elsewhere" | "timed-out" | "withdrawn" | "transferred" | "left" | "ended" | "transfer-rejected" | "transfer-timed-out" | "party-joined" | "party-left";
  from: string;
  media: "chat" | "voice";
  /** The other worker a note is about (a transfer's target, a party). */
  who?: string;
}

/** `signedIn: false` when the server already found no session (nothing to fetch, no 401 to log). */
export function useLiveWorker({ signedIn }: { signedIn?: boolean } = {}) {
  const { mutate, cache } = useSWRConfig();
  const me = useSWR<WorkerView, ApiError>(signedIn === false ? null : ME_KEY, api.me, { shouldRetryOnError: (e) => e.status !== 401 });
  const workerId = me.data?.id;
  const offers = useSWR<TimedOffer[], ApiError>(workerId ? OFFERS_KEY : null, async () => (await api.offers()).map((o) => timed(o)));
  const interactions = useSWR<HeldInteraction[], ApiError>(workerId ? INTERACTIONS_KEY : null, api.interactions);
  const [connection, setConnection] = useState<ConnectionState>("connecting");
  const [notes, setNotes] = useState<OfferNote[]>([]);
  /** Messages pushed since each chat was fetched (lib/client/live-state.ts keeps them bounded). */
  const [pushedMessages, setPushedMessages] = useState<PushedMessages>({});
  /** Until when the customer of each chat is shown as typing (ms, this browser's clock); stale ones go. */
  const [typing, setTyping] = useState<TypingUntil>({});
  /** Offers this window answered: their closing is not news here (each forgotten once heard). */
  const answeredHere = useRef(new Set<string>());
  /** The interactions an invitation link's session is for (kept once the session has ended too). */
  const scopedTo = useRef<readonly string[] | undefined>(undefined);
  const scopeKey = me.data?.scopes?.map((s) => s.interaction).join(" ");
  if (scopeKey !== undefined) scopedTo.current = scopeKey.split(" ");
  /** Scoped interactions that are over, or whose offer closed without an Accept. */
  const [endedScopes, setEndedScopes] = useState<readonly string[]>([]);

  const addNote = useCallback((note: OfferNote) => {
    setNotes((current) => [...current.filter((n) => n.id !== note.id), note]);
    setTimeout(() => setNotes((current) => current.filter((n) => n !== note)), NOTE_MS);
  }, []);

  /** An interaction done, abandoned or gone: nothing kept for it is shown any more. */
  const forgetInteraction = useCallback((interactionId: string) => {
    setPushedMessages((current) => forget(current, interactionId));
    setTyping((current) => forget(current, interactionId));
  }, []);

  // NOTE: once a fetch carries a pushed message, the fetched copy is the one shown.
  useEffect(() => {
    if (interactions.data) setPushedMessages((current) => withoutFetched(current, interactions.data!));
  }, [interactions.data]);

  const onPush = useCallback(
    (message: PushMessage) => {
      const ended = scopedTo.current?.find((interactionId) => endsScope(message, interactionId));
      if (ended !== undefined) setEndedScopes((current) => (current.includes(ended) ? current : [...current, ended]));
      switch (message.type) {
        case "presence":
          void mutate<WorkerView>(ME_KEY, (w) => (w ? { ...w, presence: message.presence, presenceSince: message.since } : w), { revalidate: true });
          return;
        case "companion":
          // NOTE: the record's pushes leave `paired` out; the pairing's own pushes carry it.
          void mutate<WorkerView>(ME_KEY, (w) => (w ? { ...w, companion: { ...w.companion, ...message.companion } } : w), { revalidate: false });
          return;
        case "offer":
          void mutate<TimedOffer[]>(OFFERS_KEY, (list = []) => [...list.filter((o) => o.id !== message.offer.id), timed(message.offer)], { revalidate: false });
          return;
        case "offer-extended":
          void mutate<TimedOffer[]>(
            OFFERS_KEY,
            (list = []) => list.map((o) => (o.id === message.offerId ? { ...o, deadline: message.deadline, extended: true, skewMs: Date.parse(message.serverTime) - Date.now() } : o)),
            { revalidate: false },
          );
          return;
        case "offer-closed": {
          let closing: TimedOffer | undefined;
          void mutate<TimedOffer[]>(
            OFFERS_KEY,
            (list = []) => {
              closing = list.find((o) => o.id === message.offerId);
              return list.filter((o) => o.id !== message.offerId);
            },
            { revalidate: false },
          ).then(() => {
            // NOTE: heard once: the offer is over, so this window keeps no trace of it.
            if (answeredHere.current.delete(message.offerId) || !closing) return;
            const text = message.outcome === "accepted" ? "accepted-elsewhere" : message.outcome === "timed-out" ? "timed-out" : message.outcome === "withdrawn" ? "withdrawn" : undefined;
            if (text) addNote({ id: message.offerId, text, from: closing.interaction.from, media: closing.interaction.media });
          });
          if (message.outcome === "accepted") void mutate(INTERACTIONS_KEY);
          return;
        }
        case "interaction":
          // NOTE: one of the worker's interactions became done: Recent interactions lists it now.
          if (message.interaction.state === "done") void mutate(isRecentKey);
          if (message.interaction.state === "done" || message.interaction.state === "abandoned") forgetInteraction(message.interaction.id);
          void mutate<HeldInteraction[]>(
            INTERACTIONS_KEY,
            (list = []) => {
              const i = message.interaction;
              if (i.state === "done" || i.state === "abandoned") return list.filter((x) => x.id !== i.id);
              const existing = list.find((x) => x.id === i.id);
              return existing ? list.map((x) => (x.id === i.id ? { ...x, ...i } : x)) : [...list, { ...i, messages: [] }];
            },
            // NOTE: SWR drops a fetch that was under way when a mutation came in, so the
            // transcript of a just-accepted chat is fetched again after this change.
            { revalidate: true },
          );
          return;
        case "typing":
          if (message.from !== "customer") return;
          setTyping((current) => typingAt(current, Date.now(), message.interactionId, Date.now() + TYPING_SHOWN_MS));
          // NOTE: once stale, the entry goes (typingAt keeps only indicators still shown).
          setTimeout(() => setTyping((current) => typingAt(current, Date.now())), TYPING_SHOWN_MS + 100);
          return;
        case "interaction-gone": {
          forgetInteraction(message.interactionId);
          void mutate<HeldInteraction[]>(INTERACTIONS_KEY, (list = []) => list.filter((x) => x.id !== message.interactionId), { revalidate: true });
          addNote({ id: `${message.interactionId}-gone`, text: message.reason, from: message.from, media: "chat", who: message.to });
          return;
        }
        case "notice": {
          // NOTE: read, not mutated: a mutation would make SWR drop a fetch of the list under way.
          const list = cache.get(INTERACTIONS_KEY)?.data as HeldInteraction[] | undefined;
          const i = list?.find((x) => x.id === message.interactionId);
          addNote({ id: `${message.interactionId}-${message.notice}-${Date.now()}`, text: message.notice, from: i?.from ?? "", media: i?.media ?? "chat", who: message.who });
          return;
        }
        case "message":
          if (message.message.from === "customer") setTyping((current) => typingAt(current, Date.now(), message.interactionId, 0));
          // NOTE: kept beside the SWR data, not mutated into it: SWR drops a fetch that is under
          // way when a mutation arrives, and a chat's messages arrive just as it is fetched.
          setPushedMessages((current) => addPushed(current, message.interactionId, message.message));
          return;
        default:
          return;
      }
    },
    [mutate, cache, addNote, forgetInteraction],
  );

  useEffect(() => {
    if (!workerId) return;
    const connection = connectBayeux({
      // NOTE: a session an invitation link opened may listen to its interaction only, and is no
      // window the connector counts (so it says no goodbye either).
      channels: scopeKey
        ? scopeKey.split(" ").map((interactionId) => channels.workerScoped(workerId, interactionId))
        : [channels.workerPresence(workerId), channels.workerOffers(workerId), channels.workerInteractions(workerId)],
      windowGoodbye: scopeKey === undefined,
      onState: setConnection,
      onResync: () => {
        for (const key of [ME_KEY, OFFERS_KEY, INTERACTIONS_KEY]) void mutate(key);
        void mutate(isRecentKey);
      },
      onMessage: onPush,
    });
    // NOTE: a hidden tab may have been throttled and missed pushes: reconcile with a snapshot.
    const onVisible = () => {
      if (document.visibilityState !== "visible") return;
      for (const key of [ME_KEY, OFFERS_KEY, INTERACTIONS_KEY]) void mutate(key);
      void mutate(isRecentKey);
    };
    document.addEventListener("visibilitychange", onVisible);
    // NOTE: Teams keeps a cached tab alive but hidden: it must not count as an open window then
    // (offers go out as invitations), so the session ends on suspend and starts anew on resume.
    const offLifecycle = onHostLifecycle((event) => (event === "suspend" ? connection.suspend() : connection.resume()));
    return () => {
      document.removeEventListener("visibilitychange", onVisible);
      offLifecycle();
      connection.close();
    };
  }, [workerId, scopeKey, mutate, onPush]);

  const held = useMemo(
    () => (interactions.data ?? []).map((i) => ({ ...i, messages: mergeMessages(i.messages, pushedMessages[i.id]) })),
    [interactions.data, pushedMessages],
  );
  const markAnswered = useCallback((offerId: string) => answeredHere.current.add(offerId), []);
  const refreshOffers = useCallback(() => void mutate(OFFERS_KEY), [mutate]);
  const signedOut = me.error?.status === 401 || connection === "signed-out";
  // NOTE: the connector ends a scoped session with its interaction: its next call or handshake is
  // refused, which says the same when the last push did not arrive.
  const scoped = scopedTo.current !== undefined;
  const allEnded = scoped && scopedTo.current!.every((interactionId) => endedScopes.includes(interactionId));
  return { me, offers, held, connection, signedOut, scoped, scopeEnded: scoped && (allEnded || signedOut), notes, typing, markAnswered, refreshOffers };
}

/** Whether a push ends the access of a session scoped to `interactionId`. */
export function endsScope(message: PushMessage, interactionId: string): boolean {
  switch (message.type) {
    case "interaction":
      return message.interaction.id === interactionId && (message.interaction.state === "done" || message.interaction.state === "abandoned");
    case "offer-closed":
      return message.interactionId === interactionId && message.outcome !== "accepted";
    case "interaction-gone":
      return message.interactionId === interactionId;
    default:
      return false;
  }
}

/** The fetched transcript and the messages pushed since, once each, in the order they were kept. */
export function mergeMessages(fetched: readonly ChatMessageView[], pushed: readonly ChatMessageView[] = []): ChatMessageView[] {
  if (pushed.length === 0) return [...fetched];
  const seen = new Set(fetched.map((m) => m.id));
  const merged = [...fetched, ...pushed.filter((m) => !seen.has(m.id))];
  // NOTE: a stable sort by time keeps the connector's order for messages of the same instant.
  return merged.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
