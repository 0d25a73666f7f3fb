// Minimal typings for the parts of faye 1.4 the connector uses.
declare module "faye" {
  import type { IncomingMessage, ServerResponse } from "node:http";
  import type { Duplex } from "node:stream";

  export interface BayeuxMessage {
    channel: string;
    clientId?: string;
    id?: string;
    subscription?: string | string[];
    data?: unknown;
    successful?: boolean;
    error?: string;
    advice?: Record<string, unknown>;
    ext?: Record<string, unknown>;
    [key: string]: unknown;
  }

  export interface Extension {
    incoming?(message: BayeuxMessage, request: IncomingMessage | null, callback: (m: BayeuxMessage) => void): void;
    outgoing?(message: BayeuxMessage, request: IncomingMessage | null, callback: (m: BayeuxMessage) => void): void;
  }

  export interface Client {
    publish(channel: string, data: unknown): { then(ok: () => void, fail: (e: unknown) => void): void };
  }

  export class NodeAdapter {
    constructor(options: { mount: string; timeout?: number; ping?: number; engine?: unknown });
    addExtension(extension: Extension): void;
    getClient(): Client;
    handle(request: IncomingMessage, response: ServerResponse): void;
    handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
    on(event: "handshake" | "disconnect", listener: (clientId: string) => void): void;
    on(event: "subscribe" | "unsubscribe", listener: (clientId: string, channel: string) => void): void;
    close(): void;
  }

  const faye: { NodeAdapter: typeof NodeAdapter; logger?: unknown };
  export default faye;
}

declare module "websocket-driver" {
  const driver: { http: (request: unknown, options?: { maxLength?: number; protocols?: unknown }) => unknown };
  export default driver;
}
