/**
 * The companion's reconnection rule (B11: "reconnects no faster than once a second"), kept in one
 * place every handshake passes (./http-transport.ts): a handshake may go out at once the first
 * time; each further one waits RECONNECT_MIN_MS after the previous one, doubled for each one in a
 * row that did not succeed, up to RECONNECT_MAX_MS.
 *
 * NOTE: the cometd client's own retry would send a handshake right after a failed connect and a
 * second one right after that: its backoff starts at zero. Pacing the wire keeps the rule whatever
 * the client decides.
 */
export const RECONNECT_MIN_MS = 1_000;
export const RECONNECT_MAX_MS = 30_000;

export class HandshakePacer {
  private lastSentAt: number | undefined;
  /** Handshakes sent since the last one that succeeded. */
  private sentSinceSuccess = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Milliseconds until the next handshake may go out. */
  waitMs(): number {
    if (this.lastSentAt === undefined) return 0;
    const spacing = Math.min(RECONNECT_MIN_MS * 2 ** Math.max(0, this.sentSinceSuccess - 1), RECONNECT_MAX_MS);
    return Math.max(0, this.lastSentAt + spacing - this.now());
  }

  sent(): void {
    this.sentSinceSuccess += 1;
    this.lastSentAt = this.now();
  }

  /** A handshake was accepted: the next one (after a later loss) waits the minimum again. */
  succeeded(): void {
    this.sentSinceSuccess = 0;
  }
}
