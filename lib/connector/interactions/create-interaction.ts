/**
 * A new interaction from the integration API or the customer's chat page. With nobody waiting
 * ahead of it, it is offered in the same commit as its creation: one disk sync, not two, before
 * the Preview goes out.
 */
import { randomUUID } from "node:crypto";
import { newCall } from "../../domain/call";
import type { Interaction, Media } from "../../domain/interaction";
import { notFound } from "../../errors";
import type { IdempotencyRecord } from "../../store/store";
import { event, type InteractionContext } from "./context";
import { newCustomerToken } from "./customer-access";
import { offered, planOffer } from "./offers/make-offer";

export interface NewInteraction {
  media: Media;
  from: string;
  subject?: string;
  data?: Record<string, string>;
  /** An external routing engine chose this worker: only it is offered the interaction. */
  worker?: string;
}

export interface Created {
  interaction: Interaction;
  customerToken: string;
}

/** The idempotency key to keep in the interaction's own write, made from what was created. */
export type KeyFor = (created: Created) => { record: IdempotencyRecord; purgeBefore: string };

/** Creates inside the running step (idempotent-create.ts looks its key up in the same step). */
export function createInStep(ctx: InteractionContext) {
  return async function createIn(input: NewInteraction, keyFor?: KeyFor): Promise<Created> {
    if (input.worker && !ctx.book.isWorker(input.worker)) throw notFound(`worker "${input.worker}"`);
    const at = ctx.clock.now().toISOString();
    const interaction: Interaction = {
      id: randomUUID(),
      media: input.media,
      from: input.from,
      subject: input.subject ?? "",
      data: input.data ?? {},
      state: "queued",
      ...(input.worker ? { target: input.worker } : {}),
      refusedBy: [],
      ...(input.media === "voice" ? { call: newCall(at) } : {}),
      createdAt: at,
      updatedAt: at,
    };
    const customer = newCustomerToken();
    const queued = event("InteractionQueued", interaction, input.worker, at);
    const offer = ctx.book.hasQueued() || ctx.grace.holding() ? undefined : planOffer(ctx, interaction);
    if (offer) {
      const key = keyFor?.({ interaction: offer.interaction, customerToken: customer.token });
      await ctx.store.createInteraction({ ...offer, events: [queued, ...offer.events] }, customer.hash, key);
      offered(ctx, offer.interaction);
      ctx.customerIdle.watch(offer.interaction);
      return { interaction: offer.interaction, customerToken: customer.token };
    }
    const key = keyFor?.({ interaction, customerToken: customer.token });
    await ctx.store.createInteraction({ interaction, events: [queued] }, customer.hash, key);
    ctx.book.remember(interaction);
    ctx.customerIdle.watch(interaction);
    ctx.kick();
    return { interaction, customerToken: customer.token };
  };
}

export function createCreateInteraction(ctx: InteractionContext) {
  const createIn = createInStep(ctx);
  return function create(input: NewInteraction): Promise<Created> {
    return ctx.steps.run("create", () => createIn(input));
  };
}
