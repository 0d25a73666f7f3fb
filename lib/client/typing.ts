/**
 * Typing indicators in the browser: a sender that says "typing" at most once every few seconds
 * while keys are pressed, and how long a received indicator stays on screen.
 */

/** A client says it is typing at most this often; the connector passes on at most one a second. */
export const TYPING_SEND_EVERY_MS = 3_000;
/** A received indicator is shown this long after the last one arrived. */
export const TYPING_SHOWN_MS = 5_000;

/**
 * `typed()` on every keystroke sends at most once every TYPING_SEND_EVERY_MS; `sent()` after a
 * message is sent, so the next message's first keystroke is signalled at once.
 */
export function throttledTyping(send: () => Promise<unknown>, everyMs = TYPING_SEND_EVERY_MS): { typed(): void; sent(): void } {
  let last = 0;
  return {
    typed() {
      const now = Date.now();
      if (now - last < everyMs) return;
      last = now;
      // NOTE: a typing signal that gets lost costs nothing; it is never retried.
      void send().catch(() => undefined);
    },
    sent() {
      last = 0;
    },
  };
}
