/**
 * When the store refuses a write, nothing is lost: the offer keeps its timer (cancelled only once
 * the write that ends it is on disk), a timeout whose write fails is tried again, and the failure
 * is logged and counted in ucc_step_failures_total. The same for the timer that ends after-call
 * work: a worker is never left in After Call Work.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { InteractionChange, Store } from "../../lib/store/store";
import { startCore, type RunningCore } from "../support/core";

const TIMEOUT = 5_000;
const WRAP_UP_SECONDS = 10;
const T0 = Date.parse("2024-05-06T09:00:00.000Z");

/** A store whose updateInteraction fails while `failing` is set. */
function flaky(store: Store, control: { failing: boolean }): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === "updateInteraction") {
        return async (change: InteractionChange) => {
          if (control.failing) throw new Error("SQLITE_IOERR: disk I/O error (simulated)");
          return target.updateInteraction(change);
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

let core: RunningCore;
const control = { failing: false };

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  vi.setSystemTime(new Date(T0));
  control.failing = false;
  core = await startCore([{ id: "kw1", name: "Alex" }, { id: "kw2", name: "Sam" }], {
    previewTimeoutMs: TIMEOUT,
    wrapStore: (store) => flaky(store, control),
    wrapUpSeconds: WRAP_UP_SECONDS,
  });
  await core.presence.setPresence("kw1", "available", "web-client");
});
afterEach(async () => {
  vi.useRealTimers();
  await core.dispose();
});

async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  await core.interactions.settled();
}

const failures = async (step: string) => {
  const text = await core.metrics.registry.metrics();
  return Number(new RegExp(`ucc_step_failures_total\\{step="${step}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
};

describe("a store write that fails", () => {
  it("an Accept whose write fails leaves the offer open with its timer, which still ends it at the deadline", async () => {
    const { interaction } = await core.interactions.create({ media: "chat", from: "Pat" });
    const offer = (await core.interactions.get(interaction.id)).offer!;
    control.failing = true;
    await expect(core.interactions.accept("kw1", interaction.id, offer.id)).rejects.toThrow(/disk I\/O error/);
    control.failing = false;
    expect(await failures("offer-accept")).toBe(1);
    expect(await core.interactions.get(interaction.id)).toMatchObject({ state: "offered", offer: { id: offer.id } });

    await advance(TIMEOUT);
    expect(await core.interactions.get(interaction.id)).toMatchObject({ state: "queued", refusedBy: ["kw1"] });
    const types = (await core.store.listEvents(0, 100)).filter((e) => e.interaction === interaction.id).map((e) => e.type);
    expect(types).toEqual(["InteractionQueued", "InteractionOffered", "InteractionTimedOut"]);
  });

  it("a timeout whose write fails is tried again until it is kept, with its presence change", async () => {
    const { interaction } = await core.interactions.create({ media: "chat", from: "Pat" });
    control.failing = true;
    await advance(TIMEOUT);
    expect(await failures("offer-timeout")).toBe(1);
    expect((await core.interactions.get(interaction.id)).state).toBe("offered");
    expect((await core.store.getWorker("kw1"))?.presence).toBe("available");

    await advance(1_000); // the retry fails too
    expect(await failures("offer-timeout")).toBe(2);
    control.failing = false;
    await advance(1_000);
    expect((await core.interactions.get(interaction.id)).state).toBe("queued");
    expect((await core.store.getWorker("kw1"))?.presence).toBe("away");
    const last = (await core.store.listEvents(0, 100)).slice(-2).map((e) => [e.type, e.worker, e.reasons?.KW_UC_STATUS]);
    expect(last).toEqual([
      ["InteractionTimedOut", "kw1", undefined],
      ["RequestAgentNotReady", "kw1", "away"],
    ]);
  });

  it("a wrap-up timer whose write fails is tried again until the worker leaves After Call Work", async () => {
    const { interaction } = await core.interactions.create({ media: "chat", from: "Pat" });
    const offer = (await core.interactions.get(interaction.id)).offer!;
    await core.interactions.accept("kw1", interaction.id, offer.id);
    await core.interactions.end(interaction.id, { customer: true });
    expect((await core.store.getWorker("kw1"))?.presence).toBe("after-call-work");

    control.failing = true;
    await advance(WRAP_UP_SECONDS * 1000);
    expect(await failures("wrap-up-timeout")).toBe(1);
    expect((await core.interactions.get(interaction.id)).state).toBe("wrap-up");

    await advance(1_000); // the retry fails too
    expect(await failures("wrap-up-timeout")).toBe(2);
    control.failing = false;
    await advance(1_000);
    expect((await core.interactions.get(interaction.id)).state).toBe("done");
    expect((await core.store.getWorker("kw1"))?.presence).toBe("available");
  });
});
