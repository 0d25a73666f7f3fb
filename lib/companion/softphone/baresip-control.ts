/**
 * One connection to baresip's ctrl_tcp (netstrings of JSON): commands answered by token, events
 * pushed. It keeps that one connection (a second one would drop the first, baresip allows one),
 * reconnects while baresip is away or restarting, and says when it is connected.
 */
import net from "node:net";
import { z } from "zod";
import { encodeNetstring, NetstringDecoder } from "./netstring";
import { SoftphoneError } from "./softphone";

/** NOTE: baresip answers on loopback in milliseconds; a reconnect a second apart costs nothing. */
export const RECONNECT_MS = 1_000;
/** How long a command may go unanswered before it fails with `timeout`. */
export const COMMAND_TIMEOUT_MS = 5_000;

const responseSchema = z.object({ response: z.literal(true), ok: z.boolean(), data: z.string().optional(), token: z.string().optional() });
const eventSchema = z.object({
  event: z.literal(true),
  type: z.string(),
  id: z.string().optional(),
  direction: z.string().optional(),
  peeruri: z.string().optional(),
  param: z.string().optional(),
});
export type BaresipEvent = z.infer<typeof eventSchema>;

/** `baresip://HOST:PORT`, the ctrl_tcp address the companion is given. */
export function parseBaresipAddress(url: string): { host: string; port: number } {
  const match = /^baresip:\/\/([^:/]+):(\d{1,5})\/?$/.exec(url);
  const port = match ? Number(match[2]) : 0;
  if (!match || port < 1 || port > 65_535) throw new Error(`not a baresip address (baresip://HOST:PORT): ${url}`);
  return { host: match[1], port };
}

export class BaresipControl {
  private socket: net.Socket | undefined;
  private connected = false;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;
  private nextToken = 1;
  private readonly pending = new Map<string, { resolve: (data: string) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
  private readonly eventListeners = new Set<(event: BaresipEvent) => void>();
  private readonly connectionListeners = new Set<(connected: boolean) => void>();

  constructor(private readonly address: { host: string; port: number }) {
    this.open();
  }

  get isConnected(): boolean {
    return this.connected;
  }

  onEvent(listener: (event: BaresipEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onConnection(listener: (connected: boolean) => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  /** Sends one command; resolves with its `data` when baresip says ok, else rejects. */
  command(command: string, params = ""): Promise<string> {
    const socket = this.socket;
    if (!socket || !this.connected) return Promise.reject(new SoftphoneError("absent", "baresip cannot be reached"));
    const token = `ucc${this.nextToken++}`;
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(token);
        reject(new SoftphoneError("timeout", `baresip did not answer ${command}`));
      }, COMMAND_TIMEOUT_MS);
      this.pending.set(token, { resolve, reject, timer });
      socket.write(encodeNetstring(JSON.stringify({ command, params, token })));
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    this.socket?.destroy();
  }

  private open(): void {
    if (this.closed) return;
    const socket = net.connect(this.address.port, this.address.host);
    const decoder = new NetstringDecoder();
    this.socket = socket;
    socket.on("connect", () => this.setConnected(true));
    socket.on("data", (chunk: Buffer) => {
      try {
        for (const frame of decoder.push(chunk)) this.receive(frame);
      } catch {
        socket.destroy();
      }
    });
    socket.on("error", () => undefined);
    socket.on("close", () => {
      if (this.socket === socket) this.socket = undefined;
      for (const [token, waiter] of this.pending) {
        clearTimeout(waiter.timer);
        waiter.reject(new SoftphoneError("absent", "baresip went away"));
        this.pending.delete(token);
      }
      this.setConnected(false);
      if (!this.closed) this.retry = setTimeout(() => this.open(), RECONNECT_MS);
    });
  }

  private setConnected(connected: boolean): void {
    if (this.connected === connected) return;
    this.connected = connected;
    for (const listener of this.connectionListeners) listener(connected);
  }

  private receive(frame: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(frame);
    } catch {
      return;
    }
    const response = responseSchema.safeParse(parsed);
    if (response.success) {
      const waiter = response.data.token ? this.pending.get(response.data.token) : undefined;
      if (!waiter) return;
      this.pending.delete(response.data.token!);
      clearTimeout(waiter.timer);
      const data = response.data.data ?? "";
      if (response.data.ok) waiter.resolve(data);
      else waiter.reject(new SoftphoneError("refused", data.trim() || "baresip refused the command"));
      return;
    }
    const event = eventSchema.safeParse(parsed);
    if (event.success) for (const listener of this.eventListeners) listener(event.data);
  }
}
