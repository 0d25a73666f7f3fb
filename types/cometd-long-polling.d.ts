// The part of cometd 9's LongPollingTransport that cometd.d.ts leaves out: the documented hook
// (xhrSend) a transport overrides to send its requests another way.
import "cometd";

declare module "cometd" {
  export interface XhrPacket {
    url: string;
    sync?: boolean;
    headers?: Record<string, string>;
    body: string;
    onSuccess(responseText: string): void;
    onError(reason: string, exception?: unknown): void;
  }

  export class LongPollingTransport implements Transport {
    readonly type: string;
    url: string;
    xhrSend(packet: XhrPacket): unknown;
  }
}
