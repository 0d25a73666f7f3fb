/**
 * The companion's one status line: the link to the connector, the softphone, the call. On a
 * terminal it is rewritten in place; elsewhere (a log, a pipe) it is printed once per change.
 * Other lines (the test's result, errors) are printed above it.
 */
import type { SoftphoneCallState, SoftphoneState } from "../protocol";

export type LinkState = "connecting" | "connected" | "reconnecting";

export interface CompanionStatus {
  worker: string;
  link: LinkState;
  /** Set while heartbeats go unanswered: when the first one was missed. */
  linkBadSince?: Date;
  softphone: SoftphoneState;
  call?: { state: SoftphoneCallState; peer?: string };
}

const clock = (at: Date) => [at.getHours(), at.getMinutes(), at.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":");

/** e.g. `kw1 | connector: link bad since 14:02:07 | softphone: ready | call: ringing sip:c@host`. */
export function renderStatus(status: CompanionStatus): string {
  const link = status.linkBadSince ? `link bad since ${clock(status.linkBadSince)}` : status.link;
  const call = status.call && status.call.state !== "closed" ? `${status.call.state}${status.call.peer ? ` ${status.call.peer}` : ""}` : "none";
  return `${status.worker} | connector: ${link} | softphone: ${status.softphone} | call: ${call}`;
}

export interface Output {
  write(text: string): void;
  isTTY?: boolean;
}

export class StatusLine {
  private shown = "";

  constructor(private readonly out: Output) {}

  update(status: CompanionStatus): void {
    const line = renderStatus(status);
    if (line === this.shown) return;
    this.shown = line;
    // NOTE: \r plus "erase line" rewrites the terminal's last line in place.
    this.out.write(this.out.isTTY ? `\r\x1b[2K${line}` : `${line}\n`);
  }

  /** A line of its own above the status line. */
  say(text: string): void {
    if (this.out.isTTY) this.out.write(`\r\x1b[2K${text}\n${this.shown}`);
    else this.out.write(`${text}\n`);
  }

  /** Leaves the terminal on a fresh line. */
  end(): void {
    if (this.out.isTTY && this.shown) this.out.write("\n");
  }
}
