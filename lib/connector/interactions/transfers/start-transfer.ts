/**
 * The worker hands an interaction on: a transfer (a chat, or a blind call transfer), a
 * consultation or a conference. The other worker is offered it as a normal Preview (with the
 * transcript for a chat and the note), or an IM invitation when no window of theirs is open; the
 * first worker keeps it until they accept.
 */
import { randomUUID } from "node:crypto";
import * as transfer from "../../../domain/transfer";
import type { InvitePurpose } from "../../../domain/transfer";
import { authorize, event, unwrap, type InteractionContext } from "../context";
import { deliverHandOver } from "../offers/offer-delivery";
import { withDeadlinesFrom } from "../restart-grace";
import { scheduleInviteExpiry } from "./expire-transfer";
import { resolveTarget } from "./targets";

/** How much of a chat's transcript the Preview of a transfer carries. */
export const PREVIEW_TRANSCRIPT_MESSAGES = 100;

export function createStartTransfer(ctx: InteractionContext) {
  return function startTransfer(workerId: string, interactionId: string, purpose: InvitePurpose, input: { to: string; note?: string }) {
    return ctx.steps.run(purpose, async () => {
      const i = await ctx.book.load(interactionId);
      authorize(i, workerId, purpose);
      const target = resolveTarget(ctx, i, workerId, input.to);
      const now = ctx.clock.now();
      const at = now.toISOString();
      const note = input.note?.trim() ?? "";
      const planned = unwrap(
        transfer.invite(i, workerId, purpose, target.worker, `o-${randomUUID()}`, now, ctx.settings.previewTimeoutMs, { note, toQueue: target.toQueue }),
      ).interaction;
      // NOTE: in a restart grace no offer runs out: the other worker's window may not be back yet.
      const graceEnd = ctx.grace.endsAt();
      const interaction = (graceEnd && withDeadlinesFrom(planned, graceEnd)) || planned;
      const kind = purpose === "transfer" ? (i.media === "voice" ? "blind" : "chat") : purpose;
      const reasons = { to: target.toQueue ? `queue:${target.worker}` : target.worker, kind, ...(note ? { note } : {}) };
      await ctx.book.persist({
        interaction,
        events: [
          event(purpose === "conference" ? "ConferenceInitiated" : "TransferInitiated", i, workerId, at, reasons),
          event("InteractionOffered", interaction, target.worker, at, { purpose }),
        ],
        idle: { worker: target.worker, since: at },
      });
      ctx.board.take(target.worker, i.media);
      ctx.board.setIdleSince(target.worker, at);
      scheduleInviteExpiry(ctx, interaction);
      const messages = i.media === "chat" ? (await ctx.store.listMessages(i.id)).slice(-PREVIEW_TRANSCRIPT_MESSAGES) : undefined;
      deliverHandOver(ctx, interaction, messages);
      ctx.announce.state(interaction);
      return interaction;
    });
  };
}
