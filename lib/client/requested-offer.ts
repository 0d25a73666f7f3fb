"use client";
/**
 * The offer a Teams deep link opened the tab on (`page.subPageId`): its Preview comes first (the
 * primary one, Accept focused), or, when no open offer of this worker has that id, the page says
 * so. Once the Preview was shown here, its going away (accepted, rejected…) says nothing more:
 * the offer's own notes tell what happened.
 */
import { useEffect, useRef } from "react";
import type { TimedOffer } from "./offer-clock";

export interface RequestedOffer {
  /** The offers, the requested one first. */
  ordered: TimedOffer[];
  /** The requested offer is not (and was not, since it was asked for) open here. */
  notOpen: boolean;
}

export function useRequestedOffer(requested: string | undefined, offers: TimedOffer[]): RequestedOffer {
  const shown = useRef<string | undefined>(undefined);
  const present = requested !== undefined && offers.some((o) => o.id === requested);
  useEffect(() => {
    if (present) shown.current = requested;
  }, [present, requested]);
  if (!requested) return { ordered: offers, notOpen: false };
  if (!present) return { ordered: offers, notOpen: shown.current !== requested };
  return { ordered: [...offers.filter((o) => o.id === requested), ...offers.filter((o) => o.id !== requested)], notOpen: false };
}
