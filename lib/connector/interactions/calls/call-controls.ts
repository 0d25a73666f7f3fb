/**
 * The worker's call controls: hold, retrieve, mute, unmute and DTMF. Each is checked against
 * what the call allows now, carried out on the voice path (the telephony port), then kept with
 * its reporting event and announced.
 */
import * as calls from "../../../domain/call";
import { AppError } from "../../../errors";
import type { CallCommand } from "../../../telephony/telephony";
import { authorize, event, type InteractionContext } from "../context";

export type CallControl = "hold" | "retrieve" | "mute" | "unmute" | "dtmf";

const EVENT: Record<CallControl, string> = { hold: "CallHeld", retrieve: "CallRetrieved", mute: "CallMuted", unmute: "CallUnmuted", dtmf: "DtmfSent" };

function transition(call: calls.Call, control: CallControl, digits: string): calls.CallResult {
  switch (control) {
    case "hold":
      return calls.hold(call, "worker");
    case "retrieve":
      return calls.retrieve(call, "worker");
    case "mute":
      return calls.setMuted(call, true);
    case "unmute":
      return calls.setMuted(call, false);
    case "dtmf":
      return calls.sendDtmf(call, digits);
  }
}

export function createCallControls(ctx: InteractionContext) {
  return function control(workerId: string, interactionId: string, control: CallControl, input: { digits?: string } = {}) {
    return ctx.steps.run(`call-${control}`, async () => {
      const i = await ctx.book.load(interactionId);
      authorize(i, workerId, control);
      const digits = input.digits ?? "";
      const result = transition(i.call!, control, digits);
      if (!result.ok) throw new AppError("conflict", result.message);
      const command: CallCommand = control === "dtmf" ? { kind: "dtmf", digits } : { kind: control };
      await ctx.telephony.execute(i.id, command);
      const at = ctx.clock.now().toISOString();
      const next = { ...i, call: result.call, updatedAt: at };
      const reasons: Record<string, string> | undefined = control === "dtmf" ? { digits } : control === "hold" || control === "retrieve" ? { by: "worker" } : undefined;
      await ctx.book.persist({ interaction: next, events: [event(EVENT[control], i, workerId, at, reasons)] });
      ctx.announce.state(next);
      return next;
    });
  };
}
