/**
 * The session cache spares the store a lookup on every long poll. With more sessions than it had
 * room for (10,000, a node's worth of workers), it used to be cleared whole, and then no lookup
 * was ever served from memory; now what was read from the store longest ago makes room (an
 * active session is read again every 30 s, so it stays near the back).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { systemClock } from "../../lib/connector/ports";
import { SessionService } from "../../lib/connector/sessions";
import { openSqliteStore } from "../../lib/store/sqlite-store";
import type { Store } from "../../lib/store/store";

const dirs: string[] = [];
const stores: Store[] = [];

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A real store that counts its session lookups. */
async function countingStore() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ucc-session-cache-"));
  dirs.push(dir);
  const real = openSqliteStore(path.join(dir, "connector.sqlite"));
  stores.push(real);
  await real.syncWorkers([{ id: "kw1", name: "Kim" }], new Date().toISOString());
  const counted = { lookups: 0 };
  // NOTE: sign-ins here need not wait for the disk; the cache is what is under test.
  const store: Store = { ...real, durable: async () => undefined, getSession: (hash, now) => (counted.lookups++, real.getSession(hash, now)) };
  return { store, counted };
}

async function signIn(sessions: SessionService, count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) tokens.push((await sessions.signIn("kw1")).token);
  return tokens;
}

describe("the session cache", () => {
  it("serves 12,000 sessions from memory once each was looked up", async () => {
    const { store, counted } = await countingStore();
    const sessions = new SessionService(store, { now: () => new Date() });
    const tokens = await signIn(sessions, 12_000);
    for (const token of tokens) expect(await sessions.resolve(token)).toEqual({ kind: "worker", workerId: "kw1" });
    expect(counted.lookups).toBe(12_000);
    for (const token of tokens) await sessions.resolve(token);
    expect(counted.lookups).toBe(12_000);
  });

  it("makes room by forgetting what it read from the store longest ago", async () => {
    const { store, counted } = await countingStore();
    const sessions = new SessionService(store, { now: () => new Date() }, 3);
    const [a, b, c, d] = await signIn(sessions, 4);
    for (const token of [a, b, c]) await sessions.resolve(token);
    await sessions.resolve(d); // no room: a goes
    expect(counted.lookups).toBe(4);
    for (const token of [b, c, d]) await sessions.resolve(token);
    expect(counted.lookups).toBe(4);
    await sessions.resolve(a);
    expect(counted.lookups).toBe(5);
  });
});

describe("signing a worker out everywhere", () => {
  it("tells the other nodes to forget what they cached of the worker, and a derived (Teams grant) session is gone with the others", async () => {
    const { store } = await countingStore();
    const sessions = new SessionService(store, systemClock);
    const told: unknown[] = [];
    sessions.tellEndedWith((what) => told.push(what));
    await sessions.openDerived("derived-token-of-kw1", "kw1");
    expect(await sessions.resolve("derived-token-of-kw1")).toEqual({ kind: "worker", workerId: "kw1" });
    await sessions.signOutWorker("kw1");
    expect(told).toContainEqual({ worker: "kw1" });
    expect(await sessions.resolve("derived-token-of-kw1")).toBeUndefined();
  });
});
