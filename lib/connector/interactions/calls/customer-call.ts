/**
 * The customer's side of a call, reported through the integration API by a test or a telephony
 * bridge: the far end answered, put the call on hold or took it off, or pressed keypad keys.
 * (The customer hanging up is POST /end, like a chat's customer leaving.)
 */
import * as calls from "../../../domain/call";
import { AppError } from "../../../errors";
import { event, type InteractionContext } from "../context";

export const CUSTOMER_CALL_EVENTS = ["answered", "held", "retrieved", "dtmf"] as const;
export type CustomerCallEvent = (typeof CUSTOMER_CALL_EVENTS)[number];

const EVENT: Record<CustomerCallEvent, string> = { answered: "CallEstablished", held: "CallHeld", retrieved: "CallRetrieved", dtmf: "DtmfReceived" };

export function createCustomerCall(ctx: InteractionContext) {
  return function customerCall(interactionId: string, what: CustomerCallEvent, input: { digits?: string } = {}) {
    return ctx.steps.run(`customer-call-${what}`, async () => {
      const i = await ctx.book.load(interactionId);
      if (i.media !== "voice" || !i.call) throw new AppError("conflict", "this interaction is a chat, not a call");
      if (i.state !== "active") throw new AppError("conflict", `the interaction is ${i.state}, not active`);
      const at = ctx.clock.now().toISOString();
      const digits = input.digits ?? "";
      const result =
        what === "answered"
          ? calls.answer(i.call, at)
          : what === "held"
            ? calls.hold(i.call, "customer")
            : what === "retrieved"
              ? calls.retrieve(i.call, "customer")
              : calls.receiveDtmf(i.call, digits);
      if (!result.ok) throw new AppError("conflict", result.message);
      const next = { ...i, call: result.call, updatedAt: at };
      const reasons: Record<string, string> | undefined = what === "dtmf" ? { digits } : what === "answered" ? undefined : { by: "customer" };
      await ctx.book.persist({ interaction: next, events: [event(EVENT[what], i, i.worker, at, reasons)] });
      ctx.announce.state(next);
      return next;
    });
  };
}
