/**
 * Reads served outside wait until what they show is on disk: a commit is visible to reads before
 * its WAL is synced, and a power cut in between would take back what someone was shown (and an
 * integrator's `after=` cursor would skip the events that reuse those sequence numbers).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Store } from "../../lib/store/store";
import { startCore, type RunningCore } from "../support/core";

/** A store whose durable() waits while the gate is shut. */
function gated(store: Store, gate: { shut: boolean; waiting: Array<() => void> }): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === "durable") {
        return async () => {
          if (gate.shut) await new Promise<void>((resolve) => gate.waiting.push(resolve));
          return target.durable();
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

let core: RunningCore;
const gate = { shut: false, waiting: [] as Array<() => void> };
const open = () => {
  gate.shut = false;
  gate.waiting.splice(0).forEach((resolve) => resolve());
};

beforeEach(async () => {
  gate.shut = false;
  core = await startCore([{ id: "kw1", name: "Alex" }], { previewTimeoutMs: 20_000, wrapStore: (s) => gated(s, gate) });
});
afterEach(async () => {
  open();
  await core.dispose();
});

/** Whether the promise has settled after the event loop has had a few turns. */
async function settledSoon(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true), () => (done = true));
  for (let k = 0; k < 5; k++) await new Promise((r) => setImmediate(r));
  return done;
}

describe("durable reads", () => {
  it("events, the worker, offers and held interactions are served only once what they show is on disk", async () => {
    gate.shut = true;
    const change = core.presence.setPresence("kw1", "available", "uc");
    // The presence step committed (its event is readable in the store) but is not on disk yet.
    await new Promise((r) => setImmediate(r));
    expect((await core.store.listEvents(0, 10)).map((e) => e.type)).toEqual(["RequestAgentReady"]);

    const events = core.reporting.events(0, 10);
    const worker = core.presence.get("kw1");
    const offers = core.interactions.offersFor("kw1");
    const held = core.interactions.idsHeldBy("kw1");
    expect(await settledSoon(Promise.race([events, worker, offers, held]))).toBe(false);
    expect(await settledSoon(change)).toBe(false);

    open();
    expect((await events).map((e) => e.type)).toEqual(["RequestAgentReady"]);
    expect((await worker)?.presence).toBe("available");
    expect(await offers).toEqual([]);
    expect(await held).toEqual([]);
    expect((await change).presence).toBe("available");
  });
});
