/**
 * The desktop companion's softphone port: the one interface every softphone adapter implements
 * (baresip first, ./baresip.ts). Small on purpose, so another softphone can be added by writing
 * one file:
 *
 * - `state` is `ready` while the adapter can command the softphone, `absent` while it cannot
 *   reach it (not started, restarting); the adapter keeps trying and reports each change.
 * - `subscribe(listener)` delivers what happens on the softphone: its state, each incoming call
 *   (with the caller's address) and every state that call reaches, and each DTMF digit the far
 *   end sends. Only incoming calls are reported (the connector matches them to its interactions).
 * - `execute(callId, command)` carries out one of the connector's commands (answer, hold, resume,
 *   dtmf, hangup, mute, unmute) on that call and resolves once it is done (answer: the call is
 *   established; hangup: it is closed; mute / unmute: the worker's microphone on that call is in
 *   the state named, resolving at once when it already is, so a softphone whose mute is a toggle
 *   keeps each call's state itself), or rejects with a SoftphoneError naming why (`unknown-call`
 *   when there is no such call). An adapter handles every command kind in an exhaustive switch
 *   (a `never` check), so a kind added to the protocol fails to compile instead of answering ok.
 */
import type { SoftphoneCallState, SoftphoneCommand, SoftphoneState } from "../protocol";

export type SoftphoneEvent =
  | { type: "softphone"; state: SoftphoneState }
  | { type: "call"; callId: string; state: SoftphoneCallState; peer?: string }
  | { type: "dtmf"; callId: string; digit: string };

/** Why a command failed; the companion sends it back in the command's `result`. */
export type SoftphoneFailure =
  /** The adapter cannot reach the softphone now. */
  | "absent"
  /** No call with that id is on the softphone (ended, or never there). */
  | "unknown-call"
  /** The softphone refused the command (its message is in the error text). */
  | "refused"
  /** The softphone did not confirm in time. */
  | "timeout";

export class SoftphoneError extends Error {
  constructor(
    readonly reason: SoftphoneFailure,
    detail?: string,
  ) {
    super(detail ? `${reason}: ${detail}` : reason);
    this.name = "SoftphoneError";
  }
}

export interface Softphone {
  readonly state: SoftphoneState;
  /** Starts delivering events to `listener`; returns the function that stops it. */
  subscribe(listener: (event: SoftphoneEvent) => void): () => void;
  execute(callId: string, command: SoftphoneCommand): Promise<void>;
  /** Lets go of the softphone (the softphone itself keeps running). */
  close(): Promise<void>;
}
