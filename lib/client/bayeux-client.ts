/**
 * The browser's Bayeux connection: the cometd client over WebSocket, falling back to
 * long-polling, subscribed to the channels of whoever is signed in (a worker by its cookie, a
 * customer by the token it sends in every message's `ext`).
 */
import { CometD, type Message } from "cometd";
import { isPushMessage, type PushMessage } from "../protocol";
import { beaconWindowClosed } from "./api";

export type ConnectionState = "connecting" | "connected" | "reconnecting" | "offline" | "signed-out" | "suspended";

/** NOTE: a WebSocket upgrade that hangs is abandoned after this, and long-polling is tried. */
const CONNECT_TIMEOUT_MS = 5_000;
/** Backoff between reconnect attempts grows by this much, up to MAX_BACKOFF_MS. */
const BACKOFF_INCREMENT_MS = 1_000;
const MAX_BACKOFF_MS = 10_000;
/** A suspend does not wait longer than this for the connector to acknowledge the disconnect. */
const SUSPEND_ACK_MS = 2_000;

/** Whether a failed handshake means "sign in again" rather than "try again later". */
export function isAuthFailure(message: Pick<Message, "successful" | "error">): boolean {
  return !message.successful && typeof message.error === "string" && /^401:/.test(message.error);
}

export interface BayeuxConnection {
  clientId(): string | null;
  /**
   * Lets go of the session while the page is kept but hidden (a Teams tab in the app cache), so
   * the window stops counting as open; resolves when the connector acknowledged, or soon after.
   */
  suspend(): Promise<void>;
  /** Handshakes again after a suspend; the resync refetches whatever changed meanwhile. */
  resume(): void;
  close(): void;
}

export function connectBayeux(options: {
  channels: readonly string[];
  /** Sent in every message's ext.ucc (a customer's token); a worker is known by its cookie. */
  ext?: Record<string, string>;
  /** Inside Teams: the worker's Teams token, read for every message (it is refreshed before expiry). */
  teamsToken?: () => string | undefined;
  /** A refused handshake: asks for a fresh token; resolves whether to handshake once more. */
  reauthenticate?: () => Promise<boolean>;
  /** A worker's window says goodbye when it unloads, so it stops counting as open at once. */
  windowGoodbye?: boolean;
  onMessage(message: PushMessage): void;
  onState(state: ConnectionState): void;
  /** Called after every successful (re)handshake, to refetch what may have been missed. */
  onResync(): void;
}): BayeuxConnection {
  const cometd = new CometD();
  cometd.configure({
    url: `${window.location.origin}/cometd`,
    // NOTE: the connector serves Bayeux on exactly /cometd (no /cometd/connect suffixes).
    appendMessageTypeToURL: false,
    connectTimeout: CONNECT_TIMEOUT_MS,
    backoffIncrement: BACKOFF_INCREMENT_MS,
    maxBackoff: MAX_BACKOFF_MS,
    logLevel: "warn",
  });

  if (options.ext) {
    const ext = options.ext;
    cometd.registerExtension("ucc", {
      outgoing(message: Message) {
        message.ext = { ...(message.ext ?? {}), ucc: ext };
        return message;
      },
    });
  }

  const teamsToken = options.teamsToken;
  if (teamsToken) {
    // NOTE: long-polling requests from Teams' iframe carry no cookie: the token goes in `ext`,
    // which both transports carry, on every message.
    cometd.registerExtension("ucc-teams", {
      outgoing(message: Message) {
        const token = teamsToken();
        const ext = (message.ext ?? {}) as { ucc?: object };
        if (token) message.ext = { ...ext, ucc: { ...ext.ucc, teamsToken: token } };
        return message;
      },
    });
  }

  let closed = false;
  let suspended = false;
  /** Whether a refused handshake already asked for a fresh token (once until one succeeds). */
  let reauthenticated = false;
  const setState = (state: ConnectionState) => {
    // NOTE: while suspended, only the suspend itself is news (not "offline" or a late connect).
    if (!closed && (!suspended || state === "suspended")) options.onState(state);
  };

  cometd.addListener("/meta/handshake", (message) => {
    if (message.successful) {
      // NOTE: subscriptions are dropped on every re-handshake; listeners are not.
      cometd.batch(() => {
        for (const channel of options.channels) {
          cometd.subscribe(channel, (m) => {
            if (isPushMessage(m.data)) options.onMessage(m.data);
          });
        }
      });
      reauthenticated = false;
      options.onResync();
    } else if (isAuthFailure(message) && options.reauthenticate && !reauthenticated) {
      reauthenticated = true;
      void options.reauthenticate().then((again) => (again && !closed ? cometd.handshake() : setState("signed-out")));
    } else if (isAuthFailure(message)) {
      setState("signed-out");
    } else {
      setState("reconnecting");
    }
  });
  cometd.addListener("/meta/connect", (message) => {
    if (cometd.isDisconnected()) return;
    setState(message.successful ? "connected" : navigator.onLine === false ? "offline" : "reconnecting");
  });

  const goodbye = (acknowledged?: () => void) => {
    const id = cometd.getClientId();
    if (id && options.windowGoodbye) beaconWindowClosed(id);
    cometd.disconnect(() => acknowledged?.());
  };
  const onPageHide = () => goodbye();
  const onPageShow = (event: PageTransitionEvent) => {
    // A page restored from the back-forward cache said goodbye already: start a new session.
    if (event.persisted && !closed) {
      setState("connecting");
      cometd.handshake();
    }
  };
  const onOffline = () => setState("offline");
  window.addEventListener("pagehide", onPageHide);
  window.addEventListener("pageshow", onPageShow);
  window.addEventListener("offline", onOffline);

  setState("connecting");
  cometd.handshake();

  return {
    clientId: () => cometd.getClientId(),
    suspend() {
      if (closed || suspended) return Promise.resolve();
      suspended = true;
      setState("suspended");
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, SUSPEND_ACK_MS);
        goodbye(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    resume() {
      if (closed || !suspended) return;
      suspended = false;
      setState("connecting");
      cometd.handshake();
    },
    close() {
      closed = true;
      window.removeEventListener("pagehide", onPageHide);
      window.removeEventListener("pageshow", onPageShow);
      window.removeEventListener("offline", onOffline);
      goodbye();
    },
  };
}
