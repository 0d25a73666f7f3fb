/**
 * The hand-off that lets the pages paint the signed-in worker from the server's first response.
 * Next.js renders the pages in the connector's own process but bundles them apart from it, so a
 * module-level value is not shared: the connector publishes its read side under a global symbol
 * (lib/http/first-paint-source.ts) and the pages read it (lib/pages/read-first-paint.ts).
 * Types and the key only; no I/O.
 */
import type { HeldInteraction, WorkerView } from "./client/api";
import type { OfferView } from "./protocol";

export const READ_SIDE_KEY = Symbol.for("ucc.connector");

/** What the client shows first: the same bodies as GET /api/kw/me, /api/kw/offers and /api/kw/interactions. */
export type FirstPaint =
  | { signedIn: false }
  | { signedIn: true; me: WorkerView; offers: OfferView[]; interactions: HeldInteraction[] };

export interface ConnectorReadSide {
  /** The first paint for a request with this Cookie header. */
  firstPaint(cookieHeader: string | undefined): Promise<FirstPaint>;
}
