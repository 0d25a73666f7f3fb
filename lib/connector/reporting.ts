/**
 * The reporting events integrators read (`GET /api/v1/events?after=`). An event is served only
 * once it is on disk, so a sequence number anyone was shown is never taken back by a crash or a
 * power cut, and never reused for another event.
 */
import type { Store } from "../store/store";
import { readDurably } from "./durable-read";

export function createReporting(store: Store) {
  return {
    /** Events with seq greater than `after`, oldest first, at most `limit`. */
    events: (after: number, limit: number) => readDurably(store, () => store.listEvents(after, limit)),
  };
}

export type Reporting = ReturnType<typeof createReporting>;
