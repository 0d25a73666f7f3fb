import { describe, expect, it } from "vitest";
import { channels, parseChannel } from "../../lib/bayeux/channels";

describe("channel names", () => {
  it("builds each worker's channels", () => {
    expect(channels.workerPresence("kw1")).toBe("/kw/kw1/presence");
    expect(channels.workerOffers("kw1")).toBe("/kw/kw1/offers");
  });

  it.each(["kw1", "kw2", "a.b_c-d", "0"])("round-trips worker %s", (workerId) => {
    expect(parseChannel(channels.workerPresence(workerId))).toEqual({ kind: "worker", workerId, topic: "presence" });
    expect(parseChannel(channels.workerOffers(workerId))).toEqual({ kind: "worker", workerId, topic: "offers" });
  });

  it.each([
    "",
    "/",
    "/kw",
    "/kw/",
    "/kw/kw1",
    "/kw/kw1/",
    "/kw//presence",
    "/kw/kw1/presence/",
    "/kw/kw1/presence/extra",
    "/kw/kw1/unknown",
    "/kw/kw1/Presence",
    "/kw/*",
    "/kw/**",
    "/kw/*/presence",
    "/kw/**/presence",
    "/kw/kw1/*",
    "/kw/kw1/**",
    "/**",
    "/*",
    "kw/kw1/presence",
    "/KW/kw1/presence",
    "//kw/kw1/presence",
    "/meta/subscribe",
    "/service/kw/kw1/presence",
  ])("rejects %j", (channel) => {
    expect(parseChannel(channel)).toBeUndefined();
  });

});
