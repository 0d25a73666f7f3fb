/**
 * Call matching (B11, the source documents' rule): a voice interaction offered to a worker and a
 * call ringing on that worker's softphone are the same call when they happen within
 * gla-call-match-window ms of each other, in either order, and, when both know the caller, the
 * caller is the same (the interaction's `from` as a SIP URI, the call's peer, both normalised).
 * Pure: times are the connector's own receive times, in ms.
 */

export interface OfferedVoice {
  interactionId: string;
  worker: string;
  /** When the offer was made (ms). */
  at: number;
  /** The interaction's `from`: a SIP URI when the caller is known that way. */
  from: string;
}

export interface RingingCall {
  callId: string;
  worker: string;
  /** When the connector heard the call ringing (ms). */
  at: number;
  /** The caller's address as the softphone reports it. */
  peer?: string;
}

export type MatchVerdict = { match: true } | { match: false; reason: "other-worker" | "outside-window" | "caller-differs" };

/**
 * A SIP or SIPS URI reduced to what names the caller: `user@host` (user as written, host in lower
 * case, no port, parameters or headers), from a bare URI or a name-addr (`"Alex" <sip:a@h>;tag=1`).
 * Undefined when the text is not a SIP URI (a name, a phone number): the caller is then unknown.
 */
export function normaliseSipUri(text: string): string | undefined {
  const inAngles = /<([^>]*)>/.exec(text);
  const uri = (inAngles ? inAngles[1] : text).trim();
  const m = /^sips?:([^@;?>\s]+@)?([^;?>:\s]+)(?::\d+)?(?:[;?].*)?$/i.exec(uri);
  if (!m) return undefined;
  const user = m[1] ? m[1].slice(0, -1) : "";
  const host = m[2].toLowerCase();
  return user ? `${decodeURIComponentSafe(user)}@${host}` : host;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function matchCall(offered: OfferedVoice, ringing: RingingCall, windowMs: number): MatchVerdict {
  if (offered.worker !== ringing.worker) return { match: false, reason: "other-worker" };
  if (Math.abs(offered.at - ringing.at) > windowMs) return { match: false, reason: "outside-window" };
  const caller = normaliseSipUri(offered.from);
  const peer = ringing.peer === undefined ? undefined : normaliseSipUri(ringing.peer);
  if (caller !== undefined && peer !== undefined && caller !== peer) return { match: false, reason: "caller-differs" };
  return { match: true };
}

/**
 * Of the candidates, the one that matches and lies closest in time (an earlier one on a tie);
 * otherwise the reason the nearest candidate did not match (or undefined when there were none).
 */
export function bestMatch<T extends { at: number }>(
  candidates: readonly T[],
  verdict: (candidate: T) => MatchVerdict,
  at: number,
): { found: T } | { found: undefined; reason?: Exclude<MatchVerdict, { match: true }>["reason"] } {
  const byNearness = [...candidates].sort((a, b) => Math.abs(a.at - at) - Math.abs(b.at - at) || a.at - b.at);
  let reason: Exclude<MatchVerdict, { match: true }>["reason"] | undefined;
  for (const candidate of byNearness) {
    const v = verdict(candidate);
    if (v.match) return { found: candidate };
    reason ??= v.reason;
  }
  return { found: undefined, ...(reason ? { reason } : {}) };
}
