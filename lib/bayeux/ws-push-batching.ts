/**
 * NOTE: faye sends every message to a WebSocket client in a frame of its own (`Socket#send`:
 * one JSON array of one message, one socket write each). A step often pushes several messages to
 * the same window (an accepted offer: the offer closed, the interaction, the "joined" line), and a
 * group commit releases the pushes of many steps at once. Bayeux frames carry arrays, so the
 * messages a socket is sent within one event-loop turn go out in one frame, in order. Long polls
 * need nothing: faye's engine already answers a held /meta/connect with everything queued in the
 * turn. Installed once per process, like ws-frame-limit.ts (faye exposes no hook for it).
 */
import { createRequire } from "node:module";

interface FayeSocket {
  _server: { pipeThroughExtensions(stage: "outgoing", message: unknown, request: unknown, done: (piped: unknown) => void, context: unknown): void };
  _socket?: { send(data: string): void };
  _request: unknown;
  send(message: unknown): void;
  /** Messages piped through the extensions, waiting for the end of the turn. */
  pendingPushes?: unknown[];
}

let installed = false;

export function batchWebSocketPushes(): void {
  if (installed) return;
  installed = true;
  const require = createRequire(import.meta.url);
  const Socket = require("faye/src/protocol/socket") as { prototype: FayeSocket };
  const toJSON = require("faye/src/util/to_json") as (value: unknown) => string;
  Socket.prototype.send = function send(this: FayeSocket, message: unknown) {
    this._server.pipeThroughExtensions("outgoing", message, this._request, (piped) => {
      if (this.pendingPushes) return void this.pendingPushes.push(piped);
      this.pendingPushes = [piped];
      setImmediate(() => {
        const batch = this.pendingPushes ?? [];
        this.pendingPushes = undefined;
        this._socket?.send(toJSON(batch));
      });
    }, this);
  };
}
