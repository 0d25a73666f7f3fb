/**
 * Call matching over time (B11), on the node that owns the work: voice offers to workers whose
 * companion is connected, and calls their softphones report ringing, each wait
 * gla-call-match-window ms for a partner (lib/domain/call-match.ts decides). A match is kept on
 * the interaction (`CallMatched`); one left alone when its window closes, or a call that closes
 * before then, is reported `CallNotMatched` with the reason. The connector's receive times count,
 * never the desktop's clock.
 */
import { bestMatch, matchCall, type OfferedVoice, type RingingCall } from "../../domain/call-match";
import type { Logger } from "../../observability/logger";
import type { Clock } from "../ports";
import type { CompanionMetrics } from "./companion-metrics";

export interface SoftphoneCallOps {
  matched(interactionId: string, worker: string, callId: string): Promise<unknown>;
  notMatched(worker: string, interactionId: string | undefined, reasons: Record<string, string>): Promise<unknown>;
}

type Pending<T> = T & { timer: NodeJS.Timeout; reason?: string; restored?: boolean };

export interface CallMatcher {
  /**
   * A voice offer waits for its call. `restored`: one still open when this node's core started (a
   * restart or a takeover), waiting one more window for the call its companion restates after its
   * new handshake; its miss is not reported again (the node that made it reported it, or died).
   */
  offered(offer: Omit<OfferedVoice, "at">, options?: { restored?: boolean }): void;
  ringing(call: Omit<RingingCall, "at">): void;
  /** The interaction a softphone call was matched to, if any. */
  interactionOf(worker: string, callId: string): string | undefined;
  /** The softphone's call ended: it waits for no partner any more (one still waiting is reported `closed`). */
  forget(worker: string, callId: string): void;
  close(): void;
}

export function createCallMatcher(deps: { windowMs: number; clock: Clock; ops: SoftphoneCallOps; metrics: CompanionMetrics; logger: Logger }): CallMatcher {
  const offers = new Map<string, Pending<OfferedVoice>>();
  const rings = new Map<string, Pending<RingingCall>>();
  const matched = new Map<string, string>();
  const key = (worker: string, callId: string) => `${worker}\u0000${callId}`;
  const now = () => deps.clock.now().getTime();

  const report = (what: Promise<unknown>, context: object) =>
    void what.catch((error) => deps.logger.warn({ err: error, ...context }, "call matching could not be kept"));

  function match(offer: OfferedVoice, call: RingingCall) {
    matched.set(key(call.worker, call.callId), offer.interactionId);
    deps.metrics.matches.inc({ outcome: "matched" });
    deps.logger.info({ worker: call.worker, interaction: offer.interactionId, call: call.callId }, "call matched to the desktop softphone");
    report(deps.ops.matched(offer.interactionId, call.worker, call.callId), { interaction: offer.interactionId });
  }

  function missed(worker: string, interactionId: string | undefined, reasons: Record<string, string>) {
    deps.metrics.matches.inc({ outcome: "not-matched" });
    report(deps.ops.notMatched(worker, interactionId, reasons), { worker, interaction: interactionId });
  }

  return {
    offered(input, options) {
      const offer: OfferedVoice = { ...input, at: now() };
      const candidates = [...rings.values()].filter((r) => r.worker === offer.worker);
      const best = bestMatch(candidates, (r) => matchCall(offer, r, deps.windowMs), offer.at);
      if (best.found) {
        clearTimeout(best.found.timer);
        rings.delete(key(best.found.worker, best.found.callId));
        return match(offer, best.found);
      }
      for (const r of candidates) r.reason ??= best.reason;
      clearTimeout(offers.get(offer.interactionId)?.timer);
      const timer = setTimeout(() => {
        const left = offers.get(offer.interactionId);
        offers.delete(offer.interactionId);
        if (left && !left.restored) missed(offer.worker, offer.interactionId, { reason: left.reason ?? best.reason ?? "no-call" });
      }, deps.windowMs);
      timer.unref();
      offers.set(offer.interactionId, { ...offer, timer, ...(best.reason ? { reason: best.reason } : {}), ...(options?.restored ? { restored: true } : {}) });
    },
    ringing(input) {
      const call: RingingCall = { ...input, at: now() };
      const k = key(call.worker, call.callId);
      if (matched.has(k) || rings.has(k)) return;
      const candidates = [...offers.values()].filter((o) => o.worker === call.worker);
      const best = bestMatch(candidates, (o) => matchCall(o, call, deps.windowMs), call.at);
      if (best.found) {
        clearTimeout(best.found.timer);
        offers.delete(best.found.interactionId);
        return match(best.found, call);
      }
      for (const o of candidates) o.reason ??= best.reason;
      const timer = setTimeout(() => {
        const left = rings.get(k);
        rings.delete(k);
        if (left) missed(call.worker, undefined, { call: call.callId, reason: left.reason ?? best.reason ?? "no-interaction" });
      }, deps.windowMs);
      timer.unref();
      rings.set(k, { ...call, timer, ...(best.reason ? { reason: best.reason } : {}) });
    },
    interactionOf: (worker, callId) => matched.get(key(worker, callId)),
    forget(worker, callId) {
      const k = key(worker, callId);
      matched.delete(k);
      const ring = rings.get(k);
      if (!ring) return;
      clearTimeout(ring.timer);
      rings.delete(k);
      // NOTE: reported at once rather than dropped: the integrator learns that a call came and went unmatched.
      missed(worker, undefined, { call: callId, reason: "closed" });
    },
    close() {
      for (const p of [...offers.values(), ...rings.values()]) clearTimeout(p.timer);
      offers.clear();
      rings.clear();
    },
  };
}
