/** The web client keeps only what it shows (issue 20): pushed messages, typing times, bounded and pruned. */
import { describe, expect, it } from "vitest";
import { addPushed, forget, PUSHED_PER_CHAT_MAX, typingAt, withoutFetched } from "../../lib/client/live-state";

const m = (id: string) => ({ id, from: "customer" as const, text: id, at: "2026-03-01T10:00:00.000Z" });

describe("pushed messages", () => {
  it("are kept once each, at most PUSHED_PER_CHAT_MAX per chat (the newest)", () => {
    let pushed = addPushed({}, "i1", m("a"));
    expect(addPushed(pushed, "i1", m("a"))).toBe(pushed);
    for (let n = 0; n < PUSHED_PER_CHAT_MAX + 10; n++) pushed = addPushed(pushed, "i1", m(`n${n}`));
    expect(pushed.i1).toHaveLength(PUSHED_PER_CHAT_MAX);
    expect(pushed.i1.at(-1)!.id).toBe(`n${PUSHED_PER_CHAT_MAX + 9}`);
    expect(pushed.i1[0].id).toBe("n10");
  });

  it("go once a fetch carries them; a chat the fetch does not list keeps its own", () => {
    const pushed = { i1: [m("a"), m("b")], i2: [m("c")], i3: [m("d")] };
    expect(withoutFetched(pushed, [{ id: "i1", messages: [m("a")] }, { id: "i2", messages: [m("x"), m("c")] }])).toEqual({ i1: [m("b")], i3: [m("d")] });
    expect(withoutFetched(pushed, [{ id: "i1", messages: [m("z")] }])).toBe(pushed);
  });

  it("and typing times are forgotten with their interaction", () => {
    expect(forget({ i1: [m("a")], i2: [m("b")] }, "i1")).toEqual({ i2: [m("b")] });
    const typing = { i1: 5 };
    expect(forget(typing, "i9")).toBe(typing);
  });
});

describe("typing times", () => {
  it("keep only indicators still shown, and set or clear one", () => {
    expect(typingAt({ i1: 100, i2: 2_000 }, 1_000)).toEqual({ i2: 2_000 });
    expect(typingAt({ i1: 100 }, 1_000, "i3", 6_000)).toEqual({ i3: 6_000 });
    expect(typingAt({ i1: 6_000, i2: 7_000 }, 1_000, "i1", 0)).toEqual({ i2: 7_000 });
  });
});
