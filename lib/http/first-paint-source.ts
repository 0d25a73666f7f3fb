/**
 * The connector's read side for the pages' first paint (see lib/first-paint.ts): the worker a
 * session cookie belongs to, with its open offers and accepted interactions, read through the
 * same services as the web client's own GET calls.
 */
import type { IncomingMessage } from "node:http";
import { SESSION_COOKIE } from "../connector/sessions";
import { READ_SIDE_KEY, type ConnectorReadSide, type FirstPaint } from "../first-paint";
import type { AppDeps } from "./deps";
import { parseCookies } from "./io";
import { reaches } from "./auth";
import { heldView, meView } from "./kw-reads";

export function createReadSide(deps: AppDeps): ConnectorReadSide {
  return {
    async firstPaint(cookieHeader): Promise<FirstPaint> {
      const token = parseCookies({ headers: { cookie: cookieHeader } } as IncomingMessage)[SESSION_COOKIE];
      const principal = await deps.sessions.resolve(token);
      const worker = principal ? await deps.presence.get(principal.workerId) : undefined;
      if (!worker) return { signedIn: false };
      const [me, allOffers, interactions] = await Promise.all([meView(deps, worker, principal!.scopes), deps.interactions.offersFor(worker.id), heldView(deps, principal!)]);
      // NOTE: the same filter as GET /api/kw/offers: a scoped session sees its own offers only.
      const offers = allOffers.filter((o) => reaches(principal!, o.interaction.id));
      return { signedIn: true, me, offers, interactions };
    },
  };
}

/** Publishes the read side for the pages of this process; returns the undo (for close()). */
export function publishReadSide(deps: AppDeps): () => void {
  const side = createReadSide(deps);
  const slot = globalThis as Record<symbol, unknown>;
  slot[READ_SIDE_KEY] = side;
  return () => {
    if (slot[READ_SIDE_KEY] === side) delete slot[READ_SIDE_KEY];
  };
}
