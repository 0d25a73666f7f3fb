/** Call matching (B11): the pure rule, as a table. */
import { describe, expect, it } from "vitest";
import { bestMatch, matchCall, normaliseSipUri, type OfferedVoice, type RingingCall } from "../../lib/domain/call-match";

const offered = (over: Partial<OfferedVoice> = {}): OfferedVoice => ({ interactionId: "i1", worker: "kw1", at: 10_000, from: "sip:alice@example.com", ...over });
const ringing = (over: Partial<RingingCall> = {}): RingingCall => ({ callId: "c1", worker: "kw1", at: 11_000, peer: "sip:alice@example.com", ...over });

describe("normaliseSipUri", () => {
  it.each([
    ["sip:alice@example.com", "alice@example.com"],
    ["SIP:alice@EXAMPLE.com:5060;transport=udp", "alice@example.com"],
    ["sips:alice@example.com?subject=x", "alice@example.com"],
    ['"Alice" <sip:alice@Example.com>;tag=abc', "alice@example.com"],
    ["<sip:127.0.0.1:5062>", "127.0.0.1"],
    ["sip:b@127.0.0.1:5062", "b@127.0.0.1"],
    ["sip:%61lice@example.com", "alice@example.com"],
    ["Alice Morgan", undefined],
    ["+33 1 23 45 67 89", undefined],
    ["tel:+3312345", undefined],
  ])("%s -> %s", (text, expected) => {
    expect(normaliseSipUri(text)).toBe(expected);
  });
});

describe("matchCall", () => {
  const W = 4_000;
  it.each<[string, Partial<OfferedVoice>, Partial<RingingCall>, ReturnType<typeof matchCall>]>([
    ["the call rings after the offer, inside the window", {}, {}, { match: true }],
    ["the call rings before the offer (either order)", { at: 14_000 }, { at: 11_000 }, { match: true }],
    ["exactly at the window's edge", { at: 10_000 }, { at: 14_000 }, { match: true }],
    ["one ms past the window", { at: 10_000 }, { at: 14_001 }, { match: false, reason: "outside-window" }],
    ["another worker's softphone", {}, { worker: "kw2" }, { match: false, reason: "other-worker" }],
    ["the callers differ", {}, { peer: "sip:bob@example.com" }, { match: false, reason: "caller-differs" }],
    ["the callers differ only in display name, case of host and port", {}, { peer: '"A" <sip:alice@EXAMPLE.com:5060>' }, { match: true }],
    ["the interaction does not know the caller's SIP URI", { from: "Alice" }, { peer: "sip:bob@example.com" }, { match: true }],
    ["the softphone does not know the caller", {}, { peer: undefined }, { match: true }],
  ])("%s", (_, o, r, expected) => {
    expect(matchCall(offered(o), ringing(r), W)).toEqual(expected);
  });
});

describe("bestMatch", () => {
  it("picks the nearest matching candidate, and else names why the nearest did not match", () => {
    const calls = [ringing({ callId: "far", at: 13_500 }), ringing({ callId: "near", at: 10_500 }), ringing({ callId: "wrong", at: 10_100, peer: "sip:bob@x" })];
    const o = offered();
    expect(bestMatch(calls, (c) => matchCall(o, c, 4_000), o.at)).toEqual({ found: calls[1] });
    expect(bestMatch([calls[2]], (c) => matchCall(o, c, 4_000), o.at)).toEqual({ found: undefined, reason: "caller-differs" });
    expect(bestMatch([], (c: RingingCall) => matchCall(o, c, 4_000), o.at)).toEqual({ found: undefined });
  });
});
