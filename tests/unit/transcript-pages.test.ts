/** The web client's transcript pages: the newest page joins what is shown; an earlier page goes above. */
import { describe, expect, it } from "vitest";
import { withEarlier, withLatest } from "../../lib/client/transcript-pages";

const m = (n: number) => ({ id: `m${n}`, from: "customer" as const, text: `t${n}`, at: new Date(Date.UTC(2026, 11, 6, 12, 0, n)).toISOString() });
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => m(from + i));
const ids = (list: { id: string }[]) => list.map((x) => x.id);

describe("withLatest", () => {
  it("keeps what was shown above a newest page that moved on, and its hasEarlier", () => {
    const shown = { messages: range(1, 60), hasEarlier: false };
    const next = withLatest(shown, { messages: range(21, 70), hasEarlier: true });
    expect(ids(next.messages)).toEqual(ids(range(1, 70)));
    expect(next.hasEarlier).toBe(false);
  });

  it("starts again from the newest page when there is a gap, or nothing was shown", () => {
    expect(withLatest({ messages: range(1, 10), hasEarlier: true }, { messages: range(30, 40), hasEarlier: true })).toEqual({ messages: range(30, 40), hasEarlier: true });
    expect(withLatest({ messages: [], hasEarlier: false }, { messages: range(1, 3), hasEarlier: true })).toEqual({ messages: range(1, 3), hasEarlier: true });
  });

  it("keeps what is shown when the newest page is empty (a chat not fetched yet)", () => {
    const shown = { messages: range(1, 3), hasEarlier: true };
    expect(withLatest(shown, { messages: [], hasEarlier: false })).toBe(shown);
  });
});

describe("withEarlier", () => {
  it("puts the page above, once each, and takes its hasEarlier", () => {
    const next = withEarlier({ messages: range(51, 100), hasEarlier: true }, { messages: range(1, 51), hasEarlier: false });
    expect(ids(next.messages)).toEqual(ids(range(1, 100)));
    expect(next.hasEarlier).toBe(false);
  });
});
