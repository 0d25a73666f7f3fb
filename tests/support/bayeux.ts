/**
 * A real Bayeux client for tests: the `cometd` library running in Node through
 * cometd-nodejs-client (a global XMLHttpRequest), over long-polling, signed in by a cookie.
 */
import { CometD, type Message } from "cometd";
import { adapt } from "cometd-nodejs-client";

let adapted = false;

/** Installs the XMLHttpRequest (and `window`) cometd needs; once per process. */
export function ensureAdapted(): void {
  if (adapted) return;
  adapt();
  adapted = true;
}

export interface BayeuxClientOptions {
  /** The whole Cookie header value, e.g. "ucc_session=..."; omit to connect signed out. */
  cookie?: string;
  /** Extra request headers (e.g. Origin). */
  headers?: Record<string, string>;
  /** A chat customer's token, sent as `ext.ucc.customerToken` on every message (how customers sign in). */
  customerToken?: string;
}

/** A configured (not yet handshaken) cometd client that can only use long-polling. */
export function newCometD(baseUrl: string, options: BayeuxClientOptions = {}): CometD {
  ensureAdapted();
  const cometd = new CometD();
  // Node 20 has no WebSocket of its own; cometd-nodejs-client installs one, but it would not
  // carry the cookie. Long-polling is what a browser falls back to as well.
  cometd.unregisterTransport("websocket");
  const requestHeaders: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.cookie) requestHeaders.Cookie = options.cookie;
  // NOTE: the connector serves Bayeux on exactly /cometd (no /cometd/connect suffixes).
  cometd.configure({ url: `${baseUrl}/cometd`, appendMessageTypeToURL: false, requestHeaders, logLevel: "warn" } as never);
  const customerToken = options.customerToken;
  if (customerToken !== undefined) {
    cometd.registerExtension("ucc-customer-token", {
      outgoing(message) {
        const ext = (message.ext ?? {}) as Record<string, unknown>;
        message.ext = { ...ext, ucc: { ...((ext.ucc as object | undefined) ?? {}), customerToken } };
        return message;
      },
    });
  }
  return cometd;
}

export class HandshakeRefused extends Error {
  constructor(readonly reply: Message) {
    super(`handshake refused: ${reply.error ?? JSON.stringify(reply)}`);
    this.name = "HandshakeRefused";
  }
}

/** Handshakes; resolves with the successful reply, rejects with HandshakeRefused otherwise. */
export function handshake(cometd: CometD, timeoutMs = 10_000): Promise<Message> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("handshake timed out")), timeoutMs);
    cometd.handshake((reply) => {
      clearTimeout(timer);
      if (reply.successful) resolve(reply);
      else reject(new HandshakeRefused(reply));
    });
  });
}

export class BayeuxClient {
  readonly received = new Map<string, unknown[]>();

  constructor(readonly cometd: CometD) {}

  get clientId(): string {
    const id = this.cometd.getClientId();
    if (!id) throw new Error("not handshaken");
    return id;
  }

  /** Subscribes; resolves with the server's reply, whether it granted the subscription or not. */
  subscribe(channel: string, onMessage?: (data: any) => void): Promise<Message> {
    return new Promise((resolve) => {
      this.cometd.subscribe(
        channel,
        (message) => {
          const list = this.received.get(channel) ?? [];
          list.push(message.data);
          this.received.set(channel, list);
          onMessage?.(message.data);
        },
        (reply) => resolve(reply),
      );
    });
  }

  /** Resolves with the first message on `channel` (already received or still to come). */
  nextMessage(channel: string, timeoutMs = 5_000): Promise<any> {
    const already = this.received.get(channel)?.length ?? 0;
    return new Promise((resolve, reject) => {
      const deadline = Date.now() + timeoutMs;
      const check = () => {
        const list = this.received.get(channel) ?? [];
        if (list.length > already) return resolve(list[already]);
        if (Date.now() > deadline) return reject(new Error(`no message on ${channel} within ${timeoutMs} ms`));
        setTimeout(check, 20);
      };
      check();
    });
  }

  /**
   * Resolves with the first message on `channel` (already received or still to come) that
   * `matches` accepts; rejects after `timeoutMs` naming what did arrive.
   */
  waitForMessage(channel: string, matches: (data: any) => boolean, timeoutMs = 5_000): Promise<any> {
    return new Promise((resolve, reject) => {
      const deadline = Date.now() + timeoutMs;
      const check = () => {
        const found = (this.received.get(channel) ?? []).find(matches);
        if (found !== undefined) return resolve(found);
        if (Date.now() > deadline) {
          return reject(new Error(`no matching message on ${channel} within ${timeoutMs} ms; got ${JSON.stringify(this.received.get(channel) ?? [])}`));
        }
        setTimeout(check, 20);
      };
      check();
    });
  }

  messagesOn(channel: string): unknown[] {
    return [...(this.received.get(channel) ?? [])];
  }

  /** Publishes; resolves with the server's reply. */
  publish(channel: string, data: unknown): Promise<Message> {
    return new Promise((resolve) => this.cometd.publish(channel, data, (reply) => resolve(reply)));
  }

  /** Says goodbye (/meta/disconnect); resolves once the client is disconnected. */
  disconnect(timeoutMs = 5_000): Promise<void> {
    if (this.cometd.isDisconnected()) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.cometd.disconnect(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** Raw Bayeux over HTTP long-polling: POSTs a batch of messages, returns the replies. */
export async function bayeuxPost(
  baseUrl: string,
  messages: object | object[],
  headers: Record<string, string> = {},
): Promise<{ status: number; replies: any[]; text: string }> {
  const { rawRequest } = await import("./http");
  const res = await rawRequest(`${baseUrl}/cometd`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(([] as object[]).concat(messages)),
  });
  return { status: res.status, replies: Array.isArray(res.json) ? res.json : [], text: res.text };
}

/** A raw handshake; returns the reply (successful or not). */
export async function rawHandshake(baseUrl: string, headers: Record<string, string> = {}): Promise<any> {
  const { replies } = await bayeuxPost(
    baseUrl,
    { channel: "/meta/handshake", version: "1.0", supportedConnectionTypes: ["long-polling"] },
    headers,
  );
  return replies.find((r) => r.channel === "/meta/handshake");
}
