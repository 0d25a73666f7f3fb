/**
 * One serial order for presence and routing (B4), checked on many seeds: presence changes from
 * the UC side and the web client race creates, accepts, rejects, hang-ups, wrap-ups and offer
 * timeouts, issued in bursts that nobody awaits one by one. Whatever the interleaving, the event
 * log must never show an offer to a worker after that worker's NotReady or Logout, every timeout
 * must commit with the presence it causes, and the store's invariants must hold.
 *
 * Reproduce a seed: UCC_ORDER_SEEDS=<seed>[,<seed>...] npx vitest run tests/integration/serial-order.test.ts
 * Time is fake (setTimeout and Date), so a seed replays the same operations at the same times.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import type { SelectablePresence } from "../../lib/domain/presence";
import { startCore, type RunningCore } from "../support/core";
import { offerDiscipline } from "../support/interactions";
import { checkInvariants, readinessDiscipline, readStoreSnapshot } from "../support/invariants";
import { prng } from "../support/prng";

const WORKERS = [
  { id: "kw1", name: "Alex" },
  { id: "kw2", name: "Sam" },
  { id: "kw3", name: "Jordan" },
];
const TIMEOUT_MS = 5_000;
const MAX_CHATS = 2;
const BURSTS = 25;
const PRESENCES: SelectablePresence[] = ["available", "available", "available", "busy", "away", "dnd", "be-right-back", "offline"];

const DEFAULT_SEED_COUNT = 200;
const fromEnv = (process.env.UCC_ORDER_SEEDS ?? "").split(",").map((s) => s.trim()).filter(Boolean).map(Number);
const seeds = fromEnv.length ? fromEnv : Array.from({ length: DEFAULT_SEED_COUNT }, (_, k) => 1000 + k);

let core: RunningCore | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await core?.dispose();
  core = undefined;
});

/** Runs one seed and returns the problems found (empty when all is well), with the trail of operations. */
async function runSeed(seed: number): Promise<{ problems: string[]; trail: string[]; offers: number }> {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  vi.setSystemTime(new Date("2024-05-06T09:00:00.000Z"));
  const rnd = prng(seed);
  core = await startCore(WORKERS, { previewTimeoutMs: TIMEOUT_MS, maxChats: MAX_CHATS });
  const c = core;
  const trail: string[] = [];
  const created: string[] = [];
  const ignoreRefusal = (what: string) => (error: { code?: string }) => void trail.push(`${what} refused (${error.code ?? error})`);

  async function operation(): Promise<unknown> {
    const roll = rnd.next();
    const worker = rnd.pick(WORKERS).id;
    if (roll < 0.3) {
      const presence = rnd.pick(PRESENCES);
      const source = rnd.next() < 0.5 ? "uc" : "web-client";
      trail.push(`presence ${worker} ${presence} (${source})`);
      return c.presence.setPresence(worker, presence, source).catch(ignoreRefusal("presence"));
    }
    if (roll < 0.55) {
      const media = rnd.next() < 0.2 ? "voice" : "chat";
      const routed = rnd.next() < 0.15 ? worker : undefined;
      trail.push(`create ${media}${routed ? ` for ${routed}` : ""}`);
      return c.interactions.create({ media, from: `c${created.length}`, ...(routed ? { worker: routed } : {}) }).then(({ interaction }) => void created.push(interaction.id));
    }
    if (roll < 0.8) {
      const offered = (await c.store.listOpenInteractions()).filter((i) => i.state === "offered");
      if (offered.length === 0) return;
      const i = rnd.pick(offered);
      const kind = rnd.next() < 0.6 ? "accept" : "reject";
      trail.push(`${kind} ${i.id.slice(0, 8)} by ${i.worker}`);
      return c.interactions[kind](i.worker!, i.id, i.offer!.id).catch(ignoreRefusal(kind));
    }
    if (roll < 0.88 && created.length) {
      const id = rnd.pick(created);
      trail.push(`customer ends ${id.slice(0, 8)}`);
      return c.interactions.end(id, { customer: true }).catch(ignoreRefusal("end"));
    }
    const held = (await c.store.listOpenInteractions()).filter((i) => i.worker === worker && (i.state === "active" || i.state === "wrap-up"));
    if (held.length === 0) return;
    const i = rnd.pick(held);
    trail.push(`${i.state === "active" ? "end" : "done"} ${i.id.slice(0, 8)} by ${worker}`);
    return (i.state === "active" ? c.interactions.end(i.id, { worker }) : c.interactions.finish(worker, i.id)).catch(ignoreRefusal("wrap-up"));
  }

  for (let b = 0; b < BURSTS; b++) {
    const pending: Promise<unknown>[] = [];
    const size = 1 + rnd.int(6);
    for (let k = 0; k < size; k++) pending.push(operation());
    // Sometimes let time pass while the burst runs: offers time out in the middle of it.
    if (rnd.next() < 0.4) {
      const ms = rnd.int(TIMEOUT_MS * 1.5);
      trail.push(`time +${ms} ms`);
      pending.push(vi.advanceTimersByTimeAsync(ms));
    }
    await Promise.all(pending);
  }
  await c.interactions.settled();

  const events = await c.store.listEvents(0, 100_000);
  const problems = [
    ...readinessDiscipline(events, { timeoutSetsPresence: true }),
    ...offerDiscipline(events).problems,
    ...checkInvariants(readStoreSnapshot(c.dataDir), events, MAX_CHATS),
  ];
  return { problems, trail, offers: events.filter((e) => e.type === "InteractionOffered").length };
}

describe("one serial order for presence and routing (seeded interleavings)", () => {
  // Found when presence ran on a step runner of its own (as it did before both shared one): a
  // presence change's step finished between a routing pass's choice and its commit, and the event
  // log showed an offer to kw1 right after kw1's RequestAgentNotReady.
  it("pinned seed 1006: a NotReady racing a routing pass is never followed by an offer to that worker", async () => {
    const { problems, trail } = await runSeed(1006);
    expect(problems, trail.join("\n")).toEqual([]);
  });

  it(`never offers to a worker after its NotReady or Logout, on ${seeds.length} seeds`, { timeout: 120_000 }, async () => {
    let offers = 0;
    let timeouts = 0;
    for (const seed of seeds) {
      const { problems, trail, offers: n } = await runSeed(seed);
      expect(problems, `seed ${seed} (reproduce: UCC_ORDER_SEEDS=${seed})\n${trail.join("\n")}`).toEqual([]);
      offers += n;
      timeouts += (await core!.store.listEvents(0, 100_000)).filter((e) => e.type === "InteractionTimedOut").length;
      vi.useRealTimers();
      await core!.dispose();
      core = undefined;
    }
    // The seeds exercise what they claim to: offers, and offers that ran out.
    expect(offers).toBeGreaterThan(seeds.length);
    expect(timeouts).toBeGreaterThan(seeds.length / 10);
  });
});
