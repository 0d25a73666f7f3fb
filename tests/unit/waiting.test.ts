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
