/**
 * Simulated workers: one official `cometd` client each (through cometd-nodejs-client), over
 * long-polling (or WebSocket), each with its own session cookie, subscribed to one channel of its own.
 *
 * Cookies. The adapter keeps cookies in two places: a Cookie request header goes to a jar that
 * belongs to one XMLHttpRequest (per request, so per client: safe), but every `Set-Cookie` a
 * response carries goes to ONE jar per host name shared by every client in the process, and is
 * sent by all of them ahead of their own. One client's session would then leak into the others'
 * requests (the connector reads the first `ucc_session`). So the adapter is given a cookie store
 * that keeps nothing: each client sends only the cookie configured on it. The connector confirms
 * it: a client can only subscribe to its own worker's channel, and each worker counts one window.
 *
 * WebSocket. The adapter's WebSocket (the `ws` package) is made with the URL only, so it would
 * carry no cookie; here it is wrapped to add the cookie of the client named in the URL's query.
 */
import { CometD, type Message } from "cometd";
import { adapt } from "cometd-nodejs-client";
import { inBatches } from "./http";

let adapted = false;

export type Transport = "long-polling" | "websocket";

/** The query parameter that names the client on its Bayeux URL, and each client's cookie. */
const CLIENT_PARAM = "bench-client";
const webSocketCookies = new Map<string, string>();

interface NodeXhr {
  setRequestHeader(name: string, value: string): void;
  send(data?: string): void;
}

type WebSocketClass = new (url: string, protocols?: string | string[], options?: { headers?: Record<string, string> }) => object;

function ensureAdapted(): void {
  if (adapted) return;
  adapt({
    cookies: {
      storeCookie: (_uri, _header, callback) => callback(null, undefined),
      retrieveCookies: (_context, _uri, callback) => callback(null, []),
    },
  });
  // NOTE: the adapter writes the body without a Content-Length, so Node sends it chunked. Browsers
  // always send one, and the simulated workers should send what browsers send.
  const g = globalThis as unknown as { window: { XMLHttpRequest: new () => NodeXhr; WebSocket: WebSocketClass } };
  const Base = g.window.XMLHttpRequest;
  g.window.XMLHttpRequest = class extends Base {
    send(data?: string) {
      if (typeof data === "string") this.setRequestHeader("Content-Length", String(Buffer.byteLength(data)));
      super.send(data);
    }
  };
  const BaseWebSocket = g.window.WebSocket;
  g.window.WebSocket = class extends BaseWebSocket {
    constructor(url: string, protocols?: string | string[]) {
      const cookie = webSocketCookies.get(new URL(url).searchParams.get(CLIENT_PARAM) ?? "");
      super(url, protocols ?? [], cookie ? { headers: { Cookie: cookie } } : {});
    }
  };
  adapted = true;
}

export interface ClientSpec {
  /** The worker (or baseline client) this is. */
  id: string;
  /** The one channel it subscribes to. */
  channel: string;
  /** The whole Cookie header value, e.g. "ucc_session=..."; none for the baseline. */
  cookie?: string;
}

/** Called for every message, with the receive time (performance.now()) taken first thing. */
export type OnMessage = (spec: ClientSpec, data: unknown, receivedAt: number) => void;

export class SimulatedClient {
  readonly cometd: CometD;
  /** Handshakes after the first: each one means the client lost its session (should stay 0). */
  rehandshakes = 0;
  private handshakes = 0;

  constructor(
    baseUrl: string,
    readonly spec: ClientSpec,
    private readonly onMessage: OnMessage,
    transport: Transport = "long-polling",
  ) {
    ensureAdapted(); // before the client exists: it reads `window` as it is made
    this.cometd = new CometD();
    // Only the transport asked for, so a failure shows instead of a silent fallback.
    for (const other of this.cometd.getTransportTypes()) if (other !== transport) this.cometd.unregisterTransport(other);
    let url = `${baseUrl}/cometd`;
    if (transport === "websocket") {
      url += `?${CLIENT_PARAM}=${encodeURIComponent(spec.id)}`;
      if (spec.cookie) webSocketCookies.set(spec.id, spec.cookie);
    }
    const requestHeaders: Record<string, string> = spec.cookie ? { Cookie: spec.cookie } : {};
    // NOTE: as the web client (lib/client/bayeux-client.ts): the connector serves exactly /cometd
    // (a175398), so the message type is not appended to the URL.
    this.cometd.configure({ url, requestHeaders, logLevel: "warn", appendMessageTypeToURL: false });
  }

  /** Handshakes and subscribes (again after every re-handshake); resolves once subscribed. */
  connect(timeoutMs = 20_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.spec.id}: not subscribed within ${timeoutMs} ms`)), timeoutMs);
      const fail = (what: string, reply: Message) => {
        clearTimeout(timer);
        reject(new Error(`${this.spec.id}: ${what} refused: ${reply.error ?? JSON.stringify(reply)}`));
      };
      this.cometd.addListener("/meta/handshake", (reply: Message) => {
        if (!reply.successful) return fail("handshake", reply);
        if (this.handshakes++ > 0) this.rehandshakes++;
        this.cometd.subscribe(
          this.spec.channel,
          (message: Message) => this.onMessage(this.spec, message.data, performance.now()),
          (subscribed: Message) => {
            if (!subscribed.successful) return fail(`subscription to ${this.spec.channel}`, subscribed);
            clearTimeout(timer);
            resolve();
          },
        );
      });
      this.cometd.handshake();
    });
  }

  /** Says goodbye (/meta/disconnect), waiting at most timeoutMs. */
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

/** Connects every client, `concurrency` handshakes at a time. */
export async function connectAll(baseUrl: string, specs: readonly ClientSpec[], onMessage: OnMessage, transport: Transport, concurrency = 50): Promise<SimulatedClient[]> {
  return inBatches(specs, concurrency, async (spec) => {
    const client = new SimulatedClient(baseUrl, spec, onMessage, transport);
    await client.connect();
    return client;
  });
}

export async function disconnectAll(clients: readonly SimulatedClient[]): Promise<void> {
  await inBatches(clients, 100, (client) => client.disconnect());
}
