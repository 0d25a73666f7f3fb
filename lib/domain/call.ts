/**
 * A voice call as the embedded call model sees it (no audio): ringing until answered, then
 * established, held (by the worker or by the far end) and retrieved, and finally released.
 * Pure transitions: each returns the next call or says why not.
 */

export const CALL_STATES = ["ringing", "established", "held", "released"] as const;
export type CallState = (typeof CALL_STATES)[number];

/** Keys a telephone keypad sends: 0-9, *, # and the A-D column. */
export const DTMF_PATTERN = /^[0-9*#A-D]{1,32}$/;
/** How many of the latest digits each way a call remembers. */
export const DTMF_KEPT = 32;

export interface Call {
  state: CallState;
  /** The worker's microphone is muted (the far end hears nothing). */
  muted: boolean;
  /** Who put the call on hold while it is held: the worker, or the customer's side. */
  heldBy?: "worker" | "customer";
  ringingAt: string;
  /** When the call was answered: the call timer counts from here, on the connector's clock. */
  establishedAt?: string;
  releasedAt?: string;
  /** The latest digits the worker sent and the customer's side sent. */
  dtmfSent: string;
  dtmfReceived: string;
  /**
   * Set once the call is matched to a call on the worker's desktop softphone (B11): its id there.
   * Call control then acts on that real call, and the softphone's reports decide its state.
   */
  softphone?: { worker: string; callId: string };
}

export type CallResult = { ok: true; call: Call } | { ok: false; message: string };

const ok = (call: Call): CallResult => ({ ok: true, call });
const no = (message: string): CallResult => ({ ok: false, message });
const keep = (digits: string) => digits.slice(-DTMF_KEPT);

export function newCall(at: string): Call {
  return { state: "ringing", muted: false, ringingAt: at, dtmfSent: "", dtmfReceived: "" };
}

export function answer(call: Call, at: string): CallResult {
  if (call.state !== "ringing") return no(`the call is ${call.state}, not ringing`);
  return ok({ ...call, state: "established", establishedAt: at });
}

export function hold(call: Call, by: "worker" | "customer"): CallResult {
  if (call.state !== "established") return no(`the call is ${call.state}, not established`);
  return ok({ ...call, state: "held", heldBy: by });
}

/** Only whoever held the call can take it off hold. */
export function retrieve(call: Call, by: "worker" | "customer"): CallResult {
  if (call.state !== "held") return no(`the call is ${call.state}, not held`);
  if (call.heldBy !== by) return no(`the call is held by the ${call.heldBy}`);
  const { heldBy: _was, ...rest } = call;
  return ok({ ...rest, state: "established" });
}

export function setMuted(call: Call, muted: boolean): CallResult {
  if (call.state !== "established" && call.state !== "held") return no(`the call is ${call.state}`);
  if (call.muted === muted) return no(muted ? "the call is muted already" : "the call is not muted");
  return ok({ ...call, muted });
}

export function sendDtmf(call: Call, digits: string): CallResult {
  if (!DTMF_PATTERN.test(digits)) return no("DTMF digits are 1-32 of 0-9, *, #, A-D");
  if (call.state !== "established") return no(`the call is ${call.state}, not established`);
  return ok({ ...call, dtmfSent: keep(call.dtmfSent + digits) });
}

export function receiveDtmf(call: Call, digits: string): CallResult {
  if (!DTMF_PATTERN.test(digits)) return no("DTMF digits are 1-32 of 0-9, *, #, A-D");
  if (call.state !== "established") return no(`the call is ${call.state}, not established`);
  return ok({ ...call, dtmfReceived: keep(call.dtmfReceived + digits) });
}

export function release(call: Call, at: string): CallResult {
  if (call.state === "released") return no("the call is released already");
  const { heldBy: _was, ...rest } = call;
  return ok({ ...rest, state: "released", releasedAt: at });
}

/** The worker takes the customer back after a transfer or consultation: off the worker's hold. */
export function resumeForWorker(call: Call): Call {
  if (call.state !== "held" || call.heldBy !== "worker") return call;
  const { heldBy: _was, ...rest } = call;
  return { ...rest, state: "established" };
}
