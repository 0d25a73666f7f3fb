/**
 * POST /api/v1/interactions with an Idempotency-Key. The key is looked up and, when new, kept in
 * the same step and the same store write as the interaction it made.
 *
 * NOTE: two requests with the same key at once: the second waits. Both run on the connector's
 * one step runner, so the second's lookup runs after the first's write and answers what the
 * first answered (or 409 for another body); one interaction is created, never two.
 */
import { AppError } from "../../errors";
import type { InteractionContext } from "./context";
import { createInStep, type NewInteraction } from "./create-interaction";
import { IDEMPOTENCY_TTL_MS, keyReused, type IdempotentRequest } from "./idempotency";

/** The answer to give: the first one again (`replayed`), or that of a new interaction. */
export interface IdempotentAnswer {
  status: number;
  body: { id: string; state: string; customerToken: string };
  replayed: boolean;
}

export function createIdempotentCreate(ctx: InteractionContext) {
  const createIn = createInStep(ctx);
  return function createIdempotently(input: NewInteraction, request: IdempotentRequest): Promise<IdempotentAnswer> {
    return ctx.steps.run("create", async () => {
      const now = ctx.clock.now();
      const since = new Date(now.getTime() - IDEMPOTENCY_TTL_MS).toISOString();
      const kept = await ctx.store.getIdempotencyRecord(request.apiKey, request.key, since);
      if (kept) {
        if (kept.requestHash !== request.requestHash) throw keyReused();
        const customerToken = request.open(kept.sealedToken, kept.interaction);
        if (customerToken === undefined) {
          throw new AppError("conflict", "this Idempotency-Key's first answer cannot be read with the API key sent now (was the key changed?); use a new Idempotency-Key");
        }
        return { status: kept.status, body: { ...(JSON.parse(kept.body) as { id: string; state: string }), customerToken }, replayed: true };
      }
      const created = await createIn(input, ({ interaction, customerToken }) => ({
        record: {
          apiKey: request.apiKey,
          key: request.key,
          requestHash: request.requestHash,
          interaction: interaction.id,
          status: 201,
          body: JSON.stringify({ id: interaction.id, state: interaction.state }),
          sealedToken: request.seal(customerToken, interaction.id),
          createdAt: now.toISOString(),
        },
        purgeBefore: since,
      }));
      const { id, state } = created.interaction;
      return { status: 201, body: { id, state, customerToken: created.customerToken }, replayed: false };
    });
  };
}
