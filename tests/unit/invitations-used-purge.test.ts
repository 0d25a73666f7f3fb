/** Used invitation tokens are forgotten once expired: at start and on an unref'd timer (issue 15). */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startUsedPurge, USED_PURGE_INTERVAL_MS } from "../../lib/connector/invitations/used-purge";
import { createLogger } from "../../lib/observability/logger";
import { openSqliteStore } from "../../lib/store/sqlite-store";
import type { Store } from "../../lib/store/store";

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "ucc-purge-"));
  store = openSqliteStore(path.join(dir, "connector.sqlite"));
});
afterEach(async () => {
  vi.useRealTimers();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const now = new Date("2026-12-06T12:00:00.000Z");
const use = (id: string, expiresAt: string) => store.useInvitation(id, { worker: "kw1", offer: `o-${id}`, at: "2026-12-06T11:59:00.000Z", expiresAt });

describe("purging used invitation tokens", () => {
  it("forgets those expired by now and keeps those still valid", async () => {
    await use("expired", "2026-12-06T11:59:59.999Z");
    await use("at-now", now.toISOString());
    await use("valid", "2026-12-06T12:00:00.001Z");
    const purge = startUsedPurge({ store, clock: { now: () => now }, logger: createLogger("silent") });
    try {
      expect(await purge.runOnce()).toBe(2);
    } finally {
      purge.stop();
    }
    expect(await store.isInvitationUsed("expired")).toBe(false);
    expect(await store.isInvitationUsed("at-now")).toBe(false);
    expect(await store.isInvitationUsed("valid")).toBe(true);
    // Still single use while valid.
    expect(await use("valid", "2026-12-06T12:00:00.001Z")).toBe(false);
  });

  it("runs again on its timer, which keeps no process alive", async () => {
    vi.useFakeTimers();
    let clockNow = now;
    const purge = startUsedPurge({ store, clock: { now: () => clockNow }, logger: createLogger("silent") });
    try {
      await use("a", "2026-12-06T12:05:00.000Z");
      clockNow = new Date("2026-12-06T12:10:00.000Z");
      expect(await store.isInvitationUsed("a")).toBe(true);
      await vi.advanceTimersByTimeAsync(USED_PURGE_INTERVAL_MS);
      expect(await store.isInvitationUsed("a")).toBe(false);
      expect(vi.getTimerCount()).toBe(1);
    } finally {
      purge.stop();
    }
    expect(vi.getTimerCount()).toBe(0);
  });
});
