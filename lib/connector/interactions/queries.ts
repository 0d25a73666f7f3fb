/**
 * What the web client and the integration API read of interactions. Every answer waits until
 * what it shows is on disk (lib/connector/durable-read.ts).
 */
import { roleOf } from "../../domain/capabilities";
import type { Interaction } from "../../domain/interaction";
import type { OfferView } from "../../protocol";
import { PREVIEW_TRANSCRIPT_MESSAGES } from "./transfers/start-transfer";
import { readDurably } from "../durable-read";
import type { InteractionContext } from "./context";
import { offerView } from "./views";
import { scopeOpenIn } from "./scope-open";

const HELD = new Set(["offered", "active", "wrap-up"]);

export function createQueries(ctx: InteractionContext) {
  const durably = <T>(read: () => T | Promise<T>) => readDurably(ctx.store, read);
  return {
    get: (interactionId: string): Promise<Interaction> => durably(() => ctx.book.load(interactionId)),
    /** The worker's open Previews (offers and invitations from other workers), for a window that (re)connects. */
    offersFor: (workerId: string) =>
      durably(async () => {
        const now = ctx.clock.now();
        const { previewTimeoutMs, presenceAfterTimeout } = ctx.settings;
        const nameOf = (id: string) => ctx.book.workerName(id);
        const out: OfferView[] = [];
        for (const i of ctx.book.list()) {
          if (i.state === "offered" && i.offer?.worker === workerId) out.push(offerView(i, now, previewTimeoutMs, presenceAfterTimeout)!);
          else if (i.invite?.stage === "offered" && i.invite.offer.worker === workerId) {
            // NOTE: the last page only, read as such: a long chat's Preview does not read all of it.
            const messages = i.media === "chat" ? (await ctx.store.listMessagePage(i.id, { limit: PREVIEW_TRANSCRIPT_MESSAGES })).messages : undefined;
            out.push(offerView(i, now, previewTimeoutMs, presenceAfterTimeout, { nameOf, messages })!);
          }
        }
        return out;
      }),
    /** Whether this offer (the interaction's own, or an invitation to it) is still open to the worker. */
    isOfferOpen: (workerId: string, interactionId: string, offerId: string) =>
      durably(() => {
        const i = ctx.book.openOne(interactionId);
        const offer = i?.invite?.stage === "offered" ? i.invite.offer : i?.state === "offered" ? i.offer : undefined;
        return offer?.id === offerId && offer.worker === workerId;
      }),
    /**
     * Whether a session scoped to this offer and interaction still reaches something: the offer
     * is open to the worker, or the worker holds the interaction that followed (until it is done).
     * In memory, no store read: asked on every request of a scoped session.
     */
    isScopeOpen: (workerId: string, scope: { offer: string; interaction: string }): boolean => scopeOpenIn(ctx.book.openOne(scope.interaction), workerId, scope),
    /** Interactions the worker accepted (or joined as a party) and has not finished. */
    heldBy: (workerId: string) => durably(() => ctx.book.list().filter((i) => roleOf(i, workerId) !== undefined)),
    /** Ids of everything the worker holds: offered, active or in wrap-up, joined, or invited to. */
    idsHeldBy: (workerId: string) =>
      durably(() =>
        ctx.book
          .list()
          .filter((i) => (i.worker === workerId && HELD.has(i.state)) || roleOf(i, workerId) || i.invite?.offer.worker === workerId)
          .map((i) => i.id),
      ),
  };
}
