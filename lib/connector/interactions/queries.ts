/**
 * What the web client and the integration API read of interactions. Every answer waits until
 * what it shows is on disk (lib/connector/durable-read.ts).
 */
import type { Interaction } from "../../domain/interaction";
import { readDurably } from "../durable-read";
import type { InteractionContext } from "./context";
import { offerView } from "./views";

const HELD = new Set(["offered", "active", "wrap-up"]);

export function createQueries(ctx: InteractionContext) {
  const durably = <T>(read: () => T | Promise<T>) => readDurably(ctx.store, read);
  return {
    get: (interactionId: string): Promise<Interaction> => durably(() => ctx.book.load(interactionId)),
    /** The worker's open Previews, for a window that (re)connects. */
    offersFor: (workerId: string) =>
      durably(() => {
        const now = ctx.clock.now();
        const { previewTimeoutMs, presenceAfterTimeout } = ctx.settings;
        return ctx.book
          .list()
          .filter((i) => i.state === "offered" && i.offer?.worker === workerId)
          .map((i) => offerView(i, now, previewTimeoutMs, presenceAfterTimeout)!);
      }),
    /** Interactions the worker accepted and has not finished. */
    heldBy: (workerId: string) => durably(() => ctx.book.list().filter((i) => i.worker === workerId && (i.state === "active" || i.state === "wrap-up"))),
    /** Ids of everything the worker holds: offered, active or in wrap-up. */
    idsHeldBy: (workerId: string) => durably(() => ctx.book.list().filter((i) => i.worker === workerId && HELD.has(i.state)).map((i) => i.id)),
  };
}
