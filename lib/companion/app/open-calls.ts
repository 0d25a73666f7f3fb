/**
 * The softphone's calls the companion has reported and that are not closed yet, with the caller
 * each rang with: after every handshake the connector is told all of them again (what happened
 * while the link was down never arrived), not only the latest, since a worker may have one call
 * held while another rings.
 */
import type { SoftphoneCallState } from "../protocol";

export interface OpenCall {
  callId: string;
  state: SoftphoneCallState;
  peer?: string;
}

export class OpenCalls {
  /** NOTE: a Map keeps insertion order, so calls are restated oldest first. */
  private readonly calls = new Map<string, OpenCall>();

  /** Notes a call's new state; returns it with the peer it rang with (later events carry none). */
  note(callId: string, state: SoftphoneCallState, peer?: string): OpenCall {
    const known = peer ?? this.calls.get(callId)?.peer;
    const call: OpenCall = { callId, state, ...(known ? { peer: known } : {}) };
    if (state === "closed") this.calls.delete(callId);
    else this.calls.set(callId, call);
    return call;
  }

  /** Every call not closed, oldest first. */
  list(): OpenCall[] {
    return [...this.calls.values()];
  }
}
