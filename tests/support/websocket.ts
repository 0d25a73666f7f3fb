/** A raw Bayeux-over-WebSocket client (the `ws` package), for what long-polling cannot show. */
import { createRequire } from "node:module";

interface WsSocket {
  on(event: "open", listener: () => void): void;
  on(event: "message", listener: (data: Buffer) => void): void;
  on(event: "close", listener: (code: number, reason: Buffer) => void): void;
  on(event: "error", listener: (error: Error) => void): void;
  on(event: "unexpected-response", listener: (req: unknown, res: { statusCode: number }) => void): void;
  send(data: string): void;
  terminate(): void;
  close(): void;
  readyState: number;
}

type WsConstructor = new (url: string, options?: { headers?: Record<string, string>; maxPayload?: number; ca?: Buffer }) => WsSocket;

const WebSocket = createRequire(import.meta.url)("ws") as WsConstructor;

export class BayeuxSocket {
  private readonly replies: any[] = [];
  /** The messages of each frame received, in order (what one socket write carried). */
  readonly frames: any[][] = [];
  readonly closed: Promise<{ code: number }>;

  private constructor(readonly socket: WsSocket) {
    socket.on("message", (data) => {
      const parsed = JSON.parse(data.toString("utf8"));
      this.frames.push(([] as any[]).concat(parsed));
      this.replies.push(...([] as any[]).concat(parsed));
    });
    this.closed = new Promise((resolve) => socket.on("close", (code) => resolve({ code })));
  }

  /** Opens ws://.../cometd (wss:// for https, trusting `ca`); rejects with the HTTP status when the upgrade is refused. */
  static open(baseUrl: string, headers: Record<string, string> = {}, ca?: Buffer, pathname = "/cometd"): Promise<BayeuxSocket> {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, "ws")}${pathname}`, { headers, ...(ca ? { ca } : {}) });
    return new Promise((resolve, reject) => {
      socket.on("open", () => resolve(new BayeuxSocket(socket)));
      socket.on("unexpected-response", (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      socket.on("error", reject);
    });
  }

  send(messages: object | object[]): void {
    this.socket.send(JSON.stringify(([] as object[]).concat(messages)));
  }

  /** Waits for the reply on `channel` (optionally with this id). */
  async reply(channel: string, id?: string, timeoutMs = 5_000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.replies.findIndex((r) => r.channel === channel && (id === undefined || r.id === id));
      if (index >= 0) return this.replies.splice(index, 1)[0];
      if (Date.now() > deadline) throw new Error(`no ${channel} reply within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async handshake(): Promise<any> {
    this.send({ channel: "/meta/handshake", version: "1.0", supportedConnectionTypes: ["websocket"], id: "hs" });
    return this.reply("/meta/handshake", "hs");
  }

  /** Drops the TCP connection without a close frame or a Bayeux goodbye. */
  drop(): void {
    this.socket.terminate();
  }
}
