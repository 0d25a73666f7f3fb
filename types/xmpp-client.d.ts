// Minimal typings for the parts of @xmpp/client 0.14 the connector and its tests use.
declare module "@xmpp/client" {
  import type { EventEmitter } from "node:events";

  export interface Element {
    name: string;
    attrs: Record<string, string>;
    is(name: string, xmlns?: string): boolean;
    getChild(name: string, xmlns?: string): Element | undefined;
    getChildText(name: string, xmlns?: string): string | null;
    text(): string;
    toString(): string;
  }

  export interface XmppClient extends EventEmitter {
    status: string;
    start(): Promise<unknown>;
    stop(): Promise<unknown>;
    send(element: Element): Promise<void>;
    reconnect: { stop(): void; delay: number };
  }

  export function client(options: {
    service: string;
    domain?: string;
    username?: string;
    password?: string;
    resource?: string;
    timeout?: number;
  }): XmppClient;

  export function xml(name: string, attrs?: Record<string, string> | null, ...children: Array<Element | string>): Element;
}
