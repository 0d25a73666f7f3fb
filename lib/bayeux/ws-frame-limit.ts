/**
 * NOTE: faye builds its WebSocket driver without a maxLength, so a frame of up to 64 MiB would be
 * buffered. faye-websocket asks the shared `websocket-driver` module for every driver, so wrapping
 * its `http` factory once caps every frame; an oversized one closes the socket with 1009.
 */
import driver from "websocket-driver";

let installedLimit: number | undefined;

export function limitWebSocketFrames(maxBytes: number): void {
  if (installedLimit !== undefined) {
    installedLimit = Math.min(installedLimit, maxBytes);
    return;
  }
  installedLimit = maxBytes;
  const original = driver.http;
  driver.http = (request, options = {}) =>
    original(request, { ...options, maxLength: Math.min(options.maxLength ?? Infinity, installedLimit!) });
}
