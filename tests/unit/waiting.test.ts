/** The customer's wait since their last unanswered message (issue 20), as a table. */
import { describe, expect, it } from "vitest";
import { waitingSince } from "../../lib/client/waiting";
import type { ChatMessageView } from "../../lib/protocol";

const m = (from: ChatMessageView["from"], at: string): ChatMessageView => ({ id: at, from, text: "x", at });

describe("waitingSince", () => {
  it.each([
    ["nothing said yet", [], undefined],
    ["the customer's first message", [m("customer", "t1")], "t1"],
    ["two unanswered messages: since the first", [m("customer", "t1"), m("customer", "t2")], "t1"],
    ["answered", [m("customer", "t1"), m("worker", "t2")], undefined],
    ["a new message after the answer", [m("customer", "t1"), m("worker", "t2"), m("customer", "t3")], "t3"],
    ["a system line neither starts nor stops it", [m("customer", "t1"), m("system", "t2")], "t1"],
    ["only the worker spoke", [m("worker", "t1")], undefined],
  ] as const)("%s", (_name, messages, since) => {
    expect(waitingSince(messages)).toBe(since);
  });
});

describe("skewSince", () => {
  it("counts from when the page first saw a view's time, not from a later look", async () => {
    const { skewSince } = await import("../../lib/client/waiting");
    const serverTime = "2026-01-01T10:00:05.000Z";
    const firstSeen = Date.parse("2026-01-01T10:00:00.000Z");
    expect(skewSince(serverTime, firstSeen)).toBe(5000);
    // A tab that appears 7 s later must not take the old view's time as now.
    expect(skewSince(serverTime, firstSeen + 7000)).toBe(5000);
  });
});
