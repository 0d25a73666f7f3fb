"use client";
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import useSWR from "swr";
import { channels } from "@/lib/bayeux/channels";
import { ApiError, customerApi, newMessageId } from "@/lib/client/api";
import { connectBayeux, type ConnectionState } from "@/lib/client/bayeux-client";
import { throttledTyping, TYPING_SHOWN_MS } from "@/lib/client/typing";
import { errorReason, I18nProvider, useDocumentTitle, useI18n, useResolvedLocale } from "@/lib/i18n";
import type { ChatMessageView } from "@/lib/protocol";
import { ConnectionStatus } from "./connection-status";
import { Transcript } from "./transcript";
import { useBefore } from "./ui/use-before";

/** The chat this browser started; kept so a reload finds it again. */
interface SavedChat {
  id: string;
  token: string;
  name: string;
}

const STORAGE_KEY = "ucc.chat";

function loadSaved(): SavedChat | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as SavedChat) : null;
  } catch {
    return null;
  }
}

/** The customer's page speaks the customer's browser's language (B12). */
export function CustomerChat() {
  const locale = useResolvedLocale();
  return (
    <I18nProvider locale={locale}>
      <ChatBody />
    </I18nProvider>
  );
}

function ChatBody() {
  const { t } = useI18n();
  useDocumentTitle(t("chat.title"));
  const [saved, setSaved] = useState<SavedChat | null | undefined>(undefined);
  useEffect(() => setSaved(loadSaved()), []);
  const forget = () => {
    localStorage.removeItem(STORAGE_KEY);
    setSaved(null);
  };
  return (
    <div className="mx-auto flex min-h-screen max-w-2xl flex-col">
      <header className="border-b border-slate-200 bg-white px-6 py-4">
        <h1 className="text-xl font-semibold text-brand-900">{t("chat.title")}</h1>
      </header>
      <main className="flex flex-1 flex-col gap-4 p-6">
        {saved === undefined ? null : saved ? (
          <Conversation chat={saved} onForget={forget} />
        ) : (
          <StartForm
            onStarted={(chat) => {
              localStorage.setItem(STORAGE_KEY, JSON.stringify(chat));
              setSaved(chat);
            }}
          />
        )}
      </main>
    </div>
  );
}

function StartForm({ onStarted }: { onStarted(chat: SavedChat): void }) {
  const { t } = useI18n();
  const id = useId();
  const [name, setName] = useState("");
  const [subject, setSubject] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const started = await customerApi.start(name.trim(), subject.trim());
      onStarted({ id: started.id, token: started.token, name: name.trim() });
    } catch (e) {
      setError(errorReason(t, e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} className="flex flex-col gap-4 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <p className="text-slate-600">{t("chat.intro")}</p>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-name`} className="text-sm font-medium">
          {t("chat.name")}
        </label>
        <input id={`${id}-name`} required maxLength={128} value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" className="rounded-md border border-slate-300 px-3 py-2" />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-subject`} className="text-sm font-medium">
          {t("chat.subject")}
        </label>
        <input id={`${id}-subject`} maxLength={256} value={subject} onChange={(e) => setSubject(e.target.value)} className="rounded-md border border-slate-300 px-3 py-2" />
      </div>
      {error && (
        <p role="alert" className="text-sm font-medium text-red-700">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy || !name.trim()} className="self-start rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-50">
        {busy ? t("chat.starting") : t("chat.start")}
      </button>
    </form>
  );
}

function Conversation({ chat, onForget }: { chat: SavedChat; onForget(): void }) {
  const { t } = useI18n();
  const id = useId();
  // NOTE: no refetch on focus: a tab that shows again reloads both below, once (onVisible).
  const state = useSWR(["chat", chat.id], () => customerApi.chat(chat.id, chat.token), { revalidateOnFocus: false, shouldRetryOnError: (e: ApiError) => e.status !== 404 && e.status !== 401 });
  const transcript = useSWR(["chat-messages", chat.id], () => customerApi.messages(chat.id, chat.token), { revalidateOnFocus: false });
  const [connection, setConnection] = useState<ConnectionState>("connecting");
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);
  /** Until when the worker is shown as typing (this browser's clock). */
  const [workerTypingUntil, setWorkerTypingUntil] = useState(0);
  const workerTyping = useBefore(workerTypingUntil);
  const sayTyping = useMemo(() => throttledTyping(() => customerApi.typing(chat.id, chat.token)), [chat.id, chat.token]);
  // NOTE: one id per message until it is kept, so a retried send (the same text) is kept only
  // once; another text sent meanwhile is another message with an id of its own.
  const pending = useRef<{ id: string; text: string } | null>(null);
  const { mutate: mutateState } = state;
  const { mutate: mutateTranscript } = transcript;

  const addMessage = useCallback(
    (message: ChatMessageView) =>
      void mutateTranscript((list = []) => (list.some((m) => m.id === message.id) ? list : [...list, message]), { revalidate: false }),
    [mutateTranscript],
  );

  useEffect(() => {
    const connection = connectBayeux({
      channels: [channels.customerChat(chat.id)],
      ext: { customerToken: chat.token },
      onState: setConnection,
      onResync: () => {
        void mutateState();
        void mutateTranscript();
      },
      onMessage(message) {
        if (message.type === "message") {
          addMessage(message.message);
          if (message.message.from === "worker") setWorkerTypingUntil(0);
        }
        if (message.type === "typing" && message.from === "worker") {
          setWorkerTypingUntil(Date.now() + TYPING_SHOWN_MS);
        }
        if (message.type === "chat") void mutateState((current) => (current ? { ...current, ...message.chat, workerName: message.chat.workerName ?? current.workerName } : current), { revalidate: false });
      },
    });
    // NOTE: a hidden tab may have missed pushes: reconcile with a snapshot when it shows again.
    const onVisible = () => {
      if (document.visibilityState !== "visible") return;
      void mutateState();
      void mutateTranscript();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      document.removeEventListener("visibilitychange", onVisible);
      connection.close();
    };
  }, [chat.id, chat.token, mutateState, mutateTranscript, addMessage]);

  if (state.error && (state.error.status === 404 || state.error.status === 401)) {
    return (
      <div className="rounded-lg bg-white p-6 ring-1 ring-slate-200">
        <p>{t("chat.lost")}</p>
        <button type="button" onClick={onForget} className="mt-3 rounded-md bg-brand-600 px-4 py-2 font-medium text-white">
          {t("chat.new")}
        </button>
      </div>
    );
  }

  const s = state.data?.state;
  const waiting = s === "queued" || s === "offered";
  const open = waiting || s === "active";
  const status = waiting
    ? t("chat.waiting")
    : s === "active"
      ? t("chat.joined", { name: state.data?.workerName ?? t("chat.expert") })
      : s === "abandoned"
        ? t(state.data?.abandonedFor === "customer-idle" ? "chat.abandonedIdle" : "chat.abandoned")
        : s
          ? t("chat.ended")
          : "";

  async function send(event: React.FormEvent) {
    event.preventDefault();
    const text = draft.trim();
    if (!text) return;
    setError(null);
    const messageId = pending.current?.text === text ? pending.current.id : newMessageId();
    pending.current = { id: messageId, text };
    try {
      addMessage(await customerApi.send(chat.id, chat.token, messageId, text));
      if (pending.current?.id === messageId) pending.current = null;
      sayTyping.sent();
      // NOTE: only if the box still holds what was sent: the message's push can show it before
      // this answer, and what the customer typed next must not be wiped.
      setDraft((current) => (current.trim() === text ? "" : current));
    } catch (e) {
      setError(errorReason(t, e));
    }
  }

  return (
    <div className="flex flex-1 flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p role="status" className={`font-medium ${waiting ? "text-amber-800" : "text-slate-800"}`}>
          {status}
        </p>
        <ConnectionStatus state={connection} />
      </div>
      {waiting && <p className="text-sm text-slate-600">{t("chat.waitingHint")}</p>}
      <Transcript
        messages={transcript.data ?? []}
        own="customer"
        senderName={(from) => (from === "customer" ? t("chat.you") : (state.data?.workerName ?? t("chat.expert")))}
        className="min-h-48 flex-1 rounded-lg bg-white p-4 ring-1 ring-slate-200"
      />
      <p className="min-h-5 text-xs italic text-slate-500" aria-live="polite">
        {s === "active" && workerTyping ? t("chat.typing", { name: state.data?.workerName ?? t("chat.expert") }) : ""}
      </p>
      {error && (
        <p role="alert" className="text-sm font-medium text-red-700">
          {error}
        </p>
      )}
      {open ? (
        <form onSubmit={(e) => void send(e)} className="flex flex-wrap gap-2">
          <label htmlFor={`${id}-msg`} className="sr-only">
            {t("interaction.message")}
          </label>
          <textarea
            id={`${id}-msg`}
            value={draft}
            rows={2}
            maxLength={4000}
            onChange={(e) => {
              setDraft(e.target.value);
              if (e.target.value.trim() && s === "active") sayTyping.typed();
            }}
            onKeyDown={(e) => {
              // Enter sends, Shift+Enter breaks the line.
              if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
                e.preventDefault();
                e.currentTarget.form?.requestSubmit();
              }
            }}
            className="min-w-0 flex-1 basis-40 resize-y rounded-md border border-slate-300 px-3 py-2"
          />
          <button type="submit" disabled={!draft.trim()} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-50">
            {t("interaction.send")}
          </button>
          <button type="button" onClick={() => void customerApi.leave(chat.id, chat.token).then(() => mutateState())} className="rounded-md px-3 py-2 font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100">
            {t("chat.leave")}
          </button>
        </form>
      ) : (
        s && (
          <button type="button" onClick={onForget} className="self-start rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
            {t("chat.new")}
          </button>
        )
      )}
    </div>
  );
}
