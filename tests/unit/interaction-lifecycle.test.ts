/** The interaction lifecycle (lib/domain/interaction.ts): every transition and every refusal, as tables. */
import { describe, expect, it } from "vitest";
import {
  accept,
  DEFAULT_PREVIEW_TIMEOUT_MS,
  end,
  extend,
  finish,
  INTERACTION_STATES,
  isFinal,
  offer,
  reject,
  timeOut,
  type Interaction,
  type InteractionState,
  type Result,
} from "../../lib/domain/interaction";

const T0 = Date.parse("2024-05-06T09:00:00.000Z");
const at = (ms: number) => new Date(T0 + ms);
const iso = (ms: number) => at(ms).toISOString();
const TIMEOUT = 20_000;

function queued(extra: Partial<Interaction> = {}): Interaction {
  return {
    id: "i1",
    media: "chat",
    from: "Pat",
    subject: "Billing",
    data: { account: "42" },
    state: "queued",
    refusedBy: [],
    createdAt: iso(-1000),
    updatedAt: iso(-1000),
    ...extra,
  };
}

/** Deep-freezes a value so a transition that mutates its input throws. */
function frozen<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) frozen(v);
    Object.freeze(value);
  }
  return value;
}

function ok(result: Result): Interaction {
  if (result.refused) throw new Error(`refused: ${result.code} ${result.message}`);
  return result.interaction;
}

/** i1 offered to kw1 as offer o1 at T0, deadline T0 + TIMEOUT. */
const offered = (extra: Partial<Interaction> = {}) => ok(offer(queued(extra), "kw1", "o1", at(0), TIMEOUT));
const active = () => ok(accept(offered(), "o1", "kw1", at(1000)));
const wrapUp = () => ok(end(active(), at(2000)));
const done = () => ok(finish(wrapUp(), "kw1", at(3000)));
const abandoned = () => ok(end(queued(), at(500)));

const inState: Record<InteractionState, () => Interaction> = {
  queued: () => queued(),
  offered: () => offered(),
  active,
  "wrap-up": wrapUp,
  done,
  abandoned,
};

describe("states", () => {
  it("are the contract's six, and only done and abandoned are final", () => {
    expect([...INTERACTION_STATES]).toEqual(["queued", "offered", "active", "wrap-up", "done", "abandoned"]);
    expect(INTERACTION_STATES.filter(isFinal)).toEqual(["done", "abandoned"]);
    expect(DEFAULT_PREVIEW_TIMEOUT_MS).toBe(20_000);
  });

  it.each(INTERACTION_STATES)("the fixture for %s is in that state", (state) => {
    expect(inState[state]().state).toBe(state);
  });
});

describe("offer", () => {
  it("queued -> offered to the worker, with an open offer whose deadline is now + timeout", () => {
    const before = frozen(queued());
    const result = offer(before, "kw1", "o1", at(0), TIMEOUT);
    expect(result).toEqual({
      refused: false,
      closedOffer: undefined,
      interaction: {
        ...before,
        state: "offered",
        worker: "kw1",
        offer: { id: "o1", worker: "kw1", status: "offered", offeredAt: iso(0), deadline: iso(TIMEOUT), extended: false },
        updatedAt: iso(0),
      },
    });
  });

  it("to the routed (target) worker is allowed", () => {
    expect(ok(offer(queued({ target: "kw2" }), "kw2", "o1", at(0), TIMEOUT))).toMatchObject({ state: "offered", worker: "kw2" });
  });

  it.each<[string, () => Interaction, string, "conflict" | "forbidden", RegExp]>([
    ["an offered interaction again (one offer at a time)", () => offered(), "kw2", "conflict", /offered, not queued/],
    ["an active interaction", active, "kw2", "conflict", /active, not queued/],
    ["an interaction in wrap-up", wrapUp, "kw2", "conflict", /wrap-up, not queued/],
    ["a done interaction", done, "kw2", "conflict", /done, not queued/],
    ["an abandoned interaction", abandoned, "kw2", "conflict", /abandoned, not queued/],
    ["to a worker other than the routed one", () => queued({ target: "kw2" }), "kw1", "forbidden", /routed to kw2/],
    ["to a worker who refused it", () => queued({ refusedBy: ["kw3"] }), "kw3", "conflict", /kw3 has refused/],
  ])("of %s is refused", (_name, make, worker, code, message) => {
    const result = offer(frozen(make()), worker, "o9", at(5000), TIMEOUT);
    expect(result).toMatchObject({ refused: true, code });
    expect(result.refused && result.message).toMatch(message);
  });
});

describe("accept", () => {
  it("by the offered worker before the deadline -> active; the offer closes as accepted", () => {
    const before = frozen(offered());
    const result = accept(before, "o1", "kw1", at(TIMEOUT - 1));
    expect(result.refused).toBe(false);
    if (result.refused) return;
    expect(result.interaction).toEqual({ ...before, state: "active", worker: "kw1", offer: undefined, updatedAt: iso(TIMEOUT - 1) });
    expect(result.closedOffer).toEqual({ ...before.offer, status: "accepted", closedAt: iso(TIMEOUT - 1) });
  });

  it.each<[string, () => Interaction, string, string, number, RegExp]>([
    ["exactly at the deadline", offered, "o1", "kw1", TIMEOUT, /timed out/],
    ["after the deadline", offered, "o1", "kw1", TIMEOUT + 5000, /timed out/],
    ["by another worker (the offer went to someone else)", offered, "o1", "kw2", 1000, /went to someone else/],
    ["with an offer id that is not the open one", offered, "o-old", "kw1", 1000, /no longer open/],
    ["of a queued interaction (the offer was rejected or timed out)", () => queued(), "o1", "kw1", 1000, /no longer open/],
    ["a second time (already active)", active, "o1", "kw1", 1500, /no longer open/],
    ["in wrap-up", wrapUp, "o1", "kw1", 2500, /no longer open/],
    ["of a done interaction", done, "o1", "kw1", 3500, /no longer open/],
    ["of an abandoned interaction (withdrawn offer)", () => ok(end(offered(), at(100))), "o1", "kw1", 200, /no longer open/],
  ])("%s is a conflict", (_name, make, offerId, worker, ms, message) => {
    const result = accept(frozen(make()), offerId, worker, at(ms));
    expect(result).toMatchObject({ refused: true, code: "conflict" });
    expect(result.refused && result.message).toMatch(message);
  });
});

describe("reject", () => {
  it("-> queued again, without worker or offer; the worker joins refusedBy; the offer closes as rejected", () => {
    const before = frozen(offered({ refusedBy: ["kw3"] }));
    const result = reject(before, "o1", "kw1", at(1000));
    expect(result.refused).toBe(false);
    if (result.refused) return;
    expect(result.interaction).toEqual({ ...before, state: "queued", worker: undefined, offer: undefined, refusedBy: ["kw3", "kw1"], updatedAt: iso(1000) });
    expect(result.closedOffer).toEqual({ ...before.offer, status: "rejected", closedAt: iso(1000) });
  });

  it("keeps the target: an externally routed interaction stays routed to its worker", () => {
    const routed = ok(offer(queued({ target: "kw2" }), "kw2", "o1", at(0), TIMEOUT));
    expect(ok(reject(routed, "o1", "kw2", at(10)))).toMatchObject({ state: "queued", target: "kw2", refusedBy: ["kw2"] });
  });

  it("does not list a worker twice", () => {
    const odd = { ...offered(), refusedBy: ["kw1"] };
    expect(ok(reject(odd, "o1", "kw1", at(10))).refusedBy).toEqual(["kw1"]);
  });

  it.each<[string, () => Interaction, string, string, number, RegExp]>([
    ["after the deadline", offered, "o1", "kw1", TIMEOUT, /timed out/],
    ["by another worker", offered, "o1", "kw2", 10, /someone else/],
    ["of an accepted interaction", active, "o1", "kw1", 1500, /no longer open/],
    ["with a stale offer id", offered, "o0", "kw1", 10, /no longer open/],
  ])("%s is a conflict", (_name, make, offerId, worker, ms, message) => {
    const result = reject(frozen(make()), offerId, worker, at(ms));
    expect(result).toMatchObject({ refused: true, code: "conflict" });
    expect(result.refused && result.message).toMatch(message);
  });
});

describe("timeOut", () => {
  it("at the deadline -> queued; the worker joins refusedBy; the offer closes as timed-out", () => {
    const before = frozen(offered());
    const result = timeOut(before, "o1", at(TIMEOUT));
    expect(result.refused).toBe(false);
    if (result.refused) return;
    expect(result.interaction).toMatchObject({ state: "queued", refusedBy: ["kw1"], updatedAt: iso(TIMEOUT) });
    expect(result.interaction.worker).toBeUndefined();
    expect(result.interaction.offer).toBeUndefined();
    expect(result.closedOffer).toEqual({ ...before.offer, status: "timed-out", closedAt: iso(TIMEOUT) });
  });

  it.each<[string, () => Interaction, string, number, RegExp]>([
    ["before the deadline", offered, "o1", TIMEOUT - 1, /not timed out yet/],
    ["of an accepted offer", active, "o1", TIMEOUT + 1, /no longer open/],
    ["of a rejected offer", () => ok(reject(offered(), "o1", "kw1", at(5))), "o1", TIMEOUT + 1, /no longer open/],
    ["of another offer id", offered, "o2", TIMEOUT + 1, /no longer open/],
  ])("%s is refused", (_name, make, offerId, ms, message) => {
    const result = timeOut(frozen(make()), offerId, at(ms));
    expect(result).toMatchObject({ refused: true, code: "conflict" });
    expect(result.refused && result.message).toMatch(message);
  });
});

describe("extend", () => {
  it("once: the deadline moves by the extra time and the offer is marked extended", () => {
    const before = frozen(offered());
    const next = ok(extend(before, "o1", "kw1", at(15_000), 20_000));
    expect(next.offer).toEqual({ ...before.offer, deadline: iso(TIMEOUT + 20_000), extended: true });
    expect(next.state).toBe("offered");
    // The old deadline no longer applies: accepting after it, before the new one, works.
    expect(ok(accept(next, "o1", "kw1", at(TIMEOUT + 1000))).state).toBe("active");
    expect(timeOut(next, "o1", at(TIMEOUT + 1000)).refused).toBe(true);
    expect(timeOut(next, "o1", at(TIMEOUT + 20_000)).refused).toBe(false);
  });

  it.each<[string, () => Interaction, string, number, RegExp]>([
    ["a second time", () => ok(extend(offered(), "o1", "kw1", at(1000), 20_000)), "kw1", 2000, /extended already/],
    ["by another worker", offered, "kw2", 1000, /someone else/],
    ["after the deadline", offered, "kw1", TIMEOUT, /timed out/],
    ["of an accepted interaction", active, "kw1", 1500, /no longer open/],
  ])("%s is a conflict", (_name, make, worker, ms, message) => {
    const result = extend(frozen(make()), "o1", worker, at(ms), 20_000);
    expect(result).toMatchObject({ refused: true, code: "conflict" });
    expect(result.refused && result.message).toMatch(message);
  });
});

describe("end", () => {
  it("queued -> abandoned, no offer to close", () => {
    const result = end(frozen(queued()), at(500));
    expect(result).toMatchObject({ refused: false, interaction: { state: "abandoned", updatedAt: iso(500) } });
    expect(!result.refused && result.closedOffer).toBeUndefined();
  });

  it("offered -> abandoned, and the open offer is withdrawn", () => {
    const before = frozen(offered());
    const result = end(before, at(700));
    expect(result.refused).toBe(false);
    if (result.refused) return;
    expect(result.interaction.state).toBe("abandoned");
    expect(result.interaction.offer).toBeUndefined();
    expect(result.closedOffer).toEqual({ ...before.offer, status: "withdrawn", closedAt: iso(700) });
  });

  it("active -> wrap-up, the worker kept", () => {
    expect(ok(end(frozen(active()), at(2000)))).toMatchObject({ state: "wrap-up", worker: "kw1", updatedAt: iso(2000) });
  });

  it.each<[InteractionState]>([["wrap-up"], ["done"], ["abandoned"]])("from %s is a conflict", (state) => {
    const result = end(frozen(inState[state]()), at(9000));
    expect(result).toMatchObject({ refused: true, code: "conflict" });
    expect(result.refused && result.message).toMatch(new RegExp(`${state} already`));
  });
});

describe("finish", () => {
  it("wrap-up by its own worker -> done", () => {
    expect(ok(finish(frozen(wrapUp()), "kw1", at(3000)))).toMatchObject({ state: "done", worker: "kw1", updatedAt: iso(3000) });
  });

  it.each<[string, () => Interaction, string, "conflict" | "forbidden"]>([
    ["by another worker", wrapUp, "kw2", "forbidden"],
    ["from active (not ended yet)", active, "kw1", "conflict"],
    ["from done (twice)", done, "kw1", "conflict"],
    ["from offered", offered, "kw1", "conflict"],
    ["from queued (nobody's)", () => queued(), "kw1", "forbidden"],
  ])("%s is refused", (_name, make, worker, code) => {
    expect(finish(frozen(make()), worker, at(4000))).toMatchObject({ refused: true, code });
  });
});

describe("a whole life", () => {
  it("queued -> offered(kw1) -> rejected -> offered(kw2) -> timed out -> offered(kw3) -> active -> wrap-up -> done", () => {
    let i = queued();
    i = ok(offer(i, "kw1", "o1", at(0), TIMEOUT));
    i = ok(reject(i, "o1", "kw1", at(1000)));
    expect(offer(i, "kw1", "o2", at(1001), TIMEOUT).refused).toBe(true);
    i = ok(offer(i, "kw2", "o2", at(1001), TIMEOUT));
    i = ok(timeOut(i, "o2", at(1001 + TIMEOUT)));
    expect(i.refusedBy).toEqual(["kw1", "kw2"]);
    i = ok(offer(i, "kw3", "o3", at(30_000), TIMEOUT));
    i = ok(accept(i, "o3", "kw3", at(31_000)));
    i = ok(end(i, at(40_000)));
    i = ok(finish(i, "kw3", at(41_000)));
    expect(i).toMatchObject({ state: "done", worker: "kw3", refusedBy: ["kw1", "kw2"] });
  });
});
