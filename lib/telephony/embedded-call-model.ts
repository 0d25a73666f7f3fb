/**
 * The embedded call model: the default telephony adapter. It models call control only (no audio
 * path, no SIP): every command succeeds at once and an answered call is connected at once. The
 * customer's side is played through the integration API (answered, held, retrieved, DTMF).
 */
import type { TelephonyPort } from "./telephony";

export function createEmbeddedCallModel(): TelephonyPort {
  return {
    name: "embedded call model (no audio)",
    carriesAudio: false,
    async execute() {
      return { connected: true };
    },
  };
}
