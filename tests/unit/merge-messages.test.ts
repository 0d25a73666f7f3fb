import { describe, expect, it } from "vitest";
import { mergeMessages } from "../../lib/client/use-live-worker";

const m = (id: string, at: string, from: "customer" | "worker" | "system" = "customer") => ({ id, from, text: id, at });

describe("mergeMessages (fetched transcript + pushed messages)", () => {
  it("keeps the fetched transcript when nothing was pushed", () => {
    const fetched = [m("a", "2026-01-01T00:00:01Z"), m("b", "2026-01-01T00:00:02Z")];
    expect(mergeMessages(fetched)).toEqual(fetched);
  });

  it("adds pushed messages once each, in time order", () => {
    const fetched = [m("a", "2026-01-01T00:00:01Z"), m("c", "2026-01-01T00:00:03Z")];
    const pushed = [m("c", "2026-01-01T00:00:03Z"), m("b", "2026-01-01T00:00:02Z", "system"), m("d", "2026-01-01T00:00:04Z", "worker")];
    expect(mergeMessages(fetched, pushed).map((x) => x.id)).toEqual(["a", "b", "c", "d"]);
  });

  it("shows pushed messages before the transcript is fetched", () => {
    expect(mergeMessages([], [m("x", "2026-01-01T00:00:01Z")]).map((x) => x.id)).toEqual(["x"]);
  });
});
