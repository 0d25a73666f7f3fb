/**
 * The Preview's countdown by the connector's clock: the browser's clock may be off, so each
 * offer carries the connector's time when it was sent, and the difference is corrected.
 */
import type { OfferView } from "../protocol";

export type TimedOffer = OfferView & {
  /** The connector's clock minus the browser's, measured when the offer arrived. */
  skewMs: number;
};

export function timed(offer: OfferView, receivedAt: number = Date.now()): TimedOffer {
  return { ...offer, skewMs: Date.parse(offer.serverTime) - receivedAt };
}

/** Milliseconds left on the offer's countdown at browser time `now`, never below zero. */
export function remainingMs(offer: Pick<TimedOffer, "deadline" | "skewMs">, now: number = Date.now()): number {
  return Math.max(0, Date.parse(offer.deadline) - (now + offer.skewMs));
}

/** Moments worth announcing to a screen reader: not every second, only these. */
export const ANNOUNCE_AT_SECONDS = [15, 10, 5] as const;
