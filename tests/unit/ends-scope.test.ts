/** Which pushes end the access of a window an invitation link opened (issue 15), as a table. */
import { describe, expect, it } from "vitest";
import { endsScope } from "../../lib/client/use-live-worker";
import { PROTOCOL_VERSION, type PushMessage } from "../../lib/protocol";

const v = PROTOCOL_VERSION;
const state = (id: string, s: string): PushMessage => ({ v, type: "interaction", interaction: { id, state: s } as never });

describe("endsScope", () => {
  it.each<[string, PushMessage, boolean]>([
    ["its interaction active", state("i1", "active"), false],
    ["its interaction in wrap-up", state("i1", "wrap-up"), false],
    ["its interaction done", state("i1", "done"), true],
    ["its interaction abandoned", state("i1", "abandoned"), true],
    ["another interaction done", state("i2", "done"), false],
    ["its offer accepted", { v, type: "offer-closed", offerId: "o1", interactionId: "i1", outcome: "accepted" }, false],
    ["its offer rejected", { v, type: "offer-closed", offerId: "o1", interactionId: "i1", outcome: "rejected" }, true],
    ["its offer timed out", { v, type: "offer-closed", offerId: "o1", interactionId: "i1", outcome: "timed-out" }, true],
    ["its offer withdrawn", { v, type: "offer-closed", offerId: "o1", interactionId: "i1", outcome: "withdrawn" }, true],
    ["its interaction handed on", { v, type: "interaction-gone", interactionId: "i1", from: "Pat", reason: "transferred" }, true],
    ["a message", { v, type: "message", interactionId: "i1", message: { id: "m", from: "customer", text: "t", at: "x" } }, false],
  ])("%s", (_name, message, expected) => {
    expect(endsScope(message, "i1")).toBe(expected);
  });
});
