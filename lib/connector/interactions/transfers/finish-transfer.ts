/**
 * After an invitation: the first worker completes a consultation (the consulted worker takes the
 * customer) or cancels it (or withdraws an unanswered invitation), removes a conference party;
 * or a party leaves the call by hanging up.
 */
import type { Interaction } from "../../../domain/interaction";
import * as transfer from "../../../domain/transfer";
import { AppError } from "../../../errors";
import { authorize, event, unwrap, type InteractionContext } from "../context";

export function createFinishTransfer(ctx: InteractionContext) {
  const nameOf = (w: string) => ctx.book.workerName(w) ?? w;

  function complete(workerId: string, interactionId: string): Promise<Interaction> {
    return ctx.steps.run("complete-transfer", async () => {
      const i = await ctx.book.load(interactionId);
      authorize(i, workerId, "complete-transfer");
      const to = i.invite!.offer.worker;
      await ctx.telephony.execute(i.id, { kind: "complete-transfer", to });
      const at = ctx.clock.now().toISOString();
      const { interaction } = unwrap(transfer.completeTransfer(i, workerId, ctx.clock.now()));
      await ctx.book.persist({ interaction, events: [event("TransferCompleted", i, workerId, at, { to, kind: "consult" })] });
      ctx.board.release(workerId, i.media);
      ctx.announce.gone(workerId, i, "transferred", nameOf(to));
      ctx.announce.state(interaction);
      ctx.kick();
      return interaction;
    });
  }

  function cancel(workerId: string, interactionId: string): Promise<Interaction> {
    return ctx.steps.run("cancel-transfer", async () => {
      const i = await ctx.book.load(interactionId);
      authorize(i, workerId, "cancel-transfer");
      const inv = i.invite!;
      if (i.media === "voice") await ctx.telephony.execute(i.id, { kind: "cancel-transfer" });
      const at = ctx.clock.now().toISOString();
      const result = unwrap(transfer.cancelInvite(i, workerId, ctx.clock.now()));
      await ctx.book.persist({ interaction: result.interaction, closedOffer: result.closedOffer, events: [event("TransferCancelled", i, workerId, at, { to: inv.offer.worker, purpose: inv.purpose })] });
      const closed = result.closedOffer;
      if (closed) {
        ctx.steps.afterDurable(() => ctx.timers.cancel(closed.id));
        ctx.announce.offerClosed(i, closed);
      } else {
        ctx.announce.gone(inv.offer.worker, i, "left");
      }
      ctx.board.release(inv.offer.worker, i.media);
      ctx.announce.state(result.interaction);
      ctx.kick();
      return result.interaction;
    });
  }

  /** The call's worker removes a party (`by` is the worker), or a party hangs up (`by` is the party). */
  function removeParty(by: string, interactionId: string, party: string): Promise<Interaction> {
    return ctx.steps.run("remove-party", async () => {
      const i = await ctx.book.load(interactionId);
      const leaving = by === party;
      authorize(i, by, leaving ? "release" : "remove-party");
      if (!leaving && !i.parties?.some((p) => p.worker === party && p.role === "conference")) {
        throw new AppError("bad_request", `${party} is not a conference party on this call`);
      }
      await ctx.telephony.execute(i.id, { kind: "remove-party", worker: party });
      const at = ctx.clock.now().toISOString();
      const { interaction } = unwrap(transfer.removeParty(i, party, ctx.clock.now()));
      const consult = i.invite?.stage === "talking" && i.invite.offer.worker === party;
      const type = consult ? "TransferCancelled" : "ConferenceLeft";
      await ctx.book.persist({ interaction, events: [event(type, i, party, at, { by: leaving ? "party" : "worker" })] });
      ctx.board.release(party, i.media);
      ctx.announce.gone(party, i, "left");
      if (leaving) ctx.announce.notice(i.worker!, i, "party-left", nameOf(party));
      ctx.announce.state(interaction);
      ctx.kick();
      return interaction;
    });
  }

  return { complete, cancel, removeParty };
}
