/** The scoped channel of an interaction, and which pushes go there (issue 15), as tables. */
import { describe, expect, it } from "vitest";
import { channels, interactionOfPush, parseChannel } from "../../lib/bayeux/channels";
import { PROTOCOL_VERSION, type PushMessage } from "../../lib/protocol";

const v = PROTOCOL_VERSION;

describe("scoped channels", () => {
  it.each([
    ["kw1", "i-1"],
    ["a.b_c-d", "0f9c2d6e-8a1b-4c3d-9e8f-0123456789ab"],
  ])("round-trips worker %s, interaction %s", (workerId, interactionId) => {
    const channel = channels.workerScoped(workerId, interactionId);
    expect(channel).toBe(`/kw/${workerId}/scoped/${interactionId}`);
    expect(parseChannel(channel)).toEqual({ kind: "scoped", workerId, interactionId });
  });

  it.each(["/kw/kw1/scoped", "/kw/kw1/scoped/", "/kw//scoped/i1", "/kw/kw1/scoped/*", "/kw/kw1/scoped/**", "/kw/*/scoped/i1", "/kw/kw1/Scoped/i1", "/kw/kw1/offers/i1", "/kw/kw1/scoped/i1/x"])(
    "rejects %j",
    (channel) => expect(parseChannel(channel)).toBeUndefined(),
  );
});

describe("interactionOfPush", () => {
  const offer = { id: "o1", interaction: { id: "i1", media: "chat", from: "Pat", subject: "", data: {} } } as never;
  it.each<[string, PushMessage, string | undefined]>([
    ["presence", { v, type: "presence", presence: "busy", since: "2026-01-01T00:00:00.000Z" }, undefined],
    ["offer", { v, type: "offer", offer }, "i1"],
    ["offer-extended", { v, type: "offer-extended", offerId: "o1", interactionId: "i1", deadline: "x", serverTime: "x" }, "i1"],
    ["offer-closed", { v, type: "offer-closed", offerId: "o1", interactionId: "i1", outcome: "accepted" }, "i1"],
    ["interaction", { v, type: "interaction", interaction: { id: "i1" } as never }, "i1"],
    ["message", { v, type: "message", interactionId: "i1", message: { id: "m", from: "customer", text: "t", at: "x" } }, "i1"],
    ["typing", { v, type: "typing", interactionId: "i1", from: "customer" }, "i1"],
    ["interaction-gone", { v, type: "interaction-gone", interactionId: "i1", from: "Pat", reason: "ended" }, "i1"],
    ["notice", { v, type: "notice", interactionId: "i1", notice: "party-joined", who: "Kim" }, "i1"],
    ["chat (the customer's)", { v, type: "chat", chat: { id: "i1", state: "active", subject: "", from: "Pat" } }, undefined],
  ])("%s", (_name, message, expected) => {
    expect(interactionOfPush(message)).toBe(expected);
  });
});
