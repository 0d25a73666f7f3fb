/** Sessions (hashed tokens, expiry) and the presence service, on a real SQLite store and a fake clock. */
import Database from "better-sqlite3";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { channelOf } from "../../lib/bayeux/channels";
import { createPresenceService } from "../../lib/connector/presence-service";
import { StepRunner } from "../../lib/connector/step-runner";
import { SESSION_TTL_MS, SessionService } from "../../lib/connector/sessions";
import { DEFAULT_PRESENCE_MAPPING } from "../../lib/domain/presence";
import { AppError } from "../../lib/errors";
import { createMetrics } from "../../lib/observability/metrics";
import type { PushMessage } from "../../lib/protocol";
import { openSqliteStore } from "../../lib/store/sqlite-store";
import type { Store } from "../../lib/store/store";

let dir: string;
let file: string;
let store: Store;
let nowMs: number;
const clock = { now: () => new Date(nowMs) };

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "ucc-svc-"));
  file = path.join(dir, "connector.sqlite");
  store = openSqliteStore(file);
  nowMs = Date.parse("2024-05-06T09:00:00.000Z");
  await store.syncWorkers([{ id: "kw1", name: "Alex" }, { id: "kw2", name: "Sam" }], clock.now().toISOString());
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("SessionService", () => {
  it("signs in with a random token, keeps only its SHA-256 and resolves it to the worker", async () => {
    const sessions = new SessionService(store, clock);
    const { token, expiresAt } = await sessions.signIn("kw1");
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt.getTime()).toBe(nowMs + SESSION_TTL_MS);
    expect(await sessions.resolve(token)).toEqual({ kind: "worker", workerId: "kw1" });

    const db = new Database(file, { readonly: true });
    const rows = db.prepare("SELECT token_hash FROM sessions").all() as Array<{ token_hash: string }>;
    db.close();
    expect(rows).toEqual([{ token_hash: createHash("sha256").update(token).digest("hex") }]);

    const other = await sessions.signIn("kw1");
    expect(other.token).not.toBe(token);
  });

  it("resolves nothing for a missing, unknown or absurdly long token", async () => {
    const sessions = new SessionService(store, clock);
    expect(await sessions.resolve(undefined)).toBeUndefined();
    expect(await sessions.resolve("")).toBeUndefined();
    expect(await sessions.resolve("not-a-token")).toBeUndefined();
    expect(await sessions.resolve("x".repeat(201))).toBeUndefined();
  });

  it("a session lasts a week and no longer, even when it was cached", async () => {
    const sessions = new SessionService(store, clock);
    const { token } = await sessions.signIn("kw2");
    nowMs += SESSION_TTL_MS - 1;
    expect(await sessions.resolve(token)).toEqual({ kind: "worker", workerId: "kw2" });
    nowMs += 1;
    expect(await sessions.resolve(token)).toBeUndefined();
  });

  it("sign-out ends the session at once, also for a cached token", async () => {
    const sessions = new SessionService(store, clock);
    const { token } = await sessions.signIn("kw1");
    expect(await sessions.resolve(token)).toBeDefined();
    await sessions.signOut(token);
    expect(await sessions.resolve(token)).toBeUndefined();
  });

  it("a new service on the same store (a restart) still knows the session", async () => {
    const { token } = await new SessionService(store, clock).signIn("kw1");
    expect(await new SessionService(store, clock).resolve(token)).toEqual({ kind: "worker", workerId: "kw1" });
  });
});

describe("presence service", () => {
  function service(syncMode: "two-way" | "off" = "two-way") {
    const published: Array<[string, PushMessage]> = [];
    const metrics = createMetrics();
    const steps = new StepRunner({
      durable: () => store.durable(),
      notifier: { publish: (topic, message) => published.push([channelOf(topic), message]) },
    });
    const presence = createPresenceService({
      store,
      steps,
      clock,
      metrics,
      mapping: DEFAULT_PRESENCE_MAPPING,
      syncMode,
    });
    return { presence, published, metrics };
  }

  it("keeps the presence, appends the mapped report and announces it on the worker's channel", async () => {
    const { presence, published, metrics } = service();
    const worker = await presence.setPresence("kw1", "busy", "web-client");
    expect(worker).toMatchObject({ id: "kw1", presence: "busy", presenceSince: clock.now().toISOString() });
    expect(await store.listEvents(0, 10)).toEqual([
      { seq: 1, at: clock.now().toISOString(), type: "RequestAgentNotReady", worker: "kw1", reasons: { KW_UC_STATUS: "busy" } },
    ]);
    expect(published).toEqual([
      ["/kw/kw1/presence", { v: 2, type: "presence", presence: "busy", since: clock.now().toISOString() }],
    ]);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/ucc_presence_changes_total\{presence="busy",source="web-client"\} 1/);
  });

  it("setting the presence the worker already has reports and announces nothing", async () => {
    const { presence, published } = service();
    await presence.setPresence("kw1", "offline", "uc");
    await presence.setPresence("kw1", "available", "uc");
    await presence.setPresence("kw1", "available", "web-client");
    expect((await store.listEvents(0, 10)).map((e) => e.type)).toEqual(["RequestAgentReady"]);
    expect(published).toHaveLength(1);
  });

  it("an unknown worker is not_found and changes nothing", async () => {
    const { presence, published } = service();
    await expect(presence.setPresence("ghost", "busy", "uc")).rejects.toMatchObject({ code: "not_found" });
    expect(await store.listEvents(0, 10)).toEqual([]);
    expect(published).toEqual([]);
  });

  it("with presence-sync-mode off the UC side is refused (conflict) but the web client is not", async () => {
    const { presence } = service("off");
    const refusal = presence.setPresence("kw1", "busy", "uc");
    await expect(refusal).rejects.toBeInstanceOf(AppError);
    await expect(refusal).rejects.toMatchObject({ code: "conflict" });
    expect((await store.getWorker("kw1"))?.presence).toBe("offline");
    await presence.setPresence("kw1", "busy", "web-client");
    expect((await store.getWorker("kw1"))?.presence).toBe("busy");
  });

  it("after-call work set by the system is reported with the acw status and note", async () => {
    const { presence } = service();
    await presence.setPresence("kw2", "after-call-work", "system");
    expect(await store.listEvents(0, 10)).toMatchObject([
      { type: "RequestAgentNotReady", worker: "kw2", reasons: { KW_UC_STATUS: "after-call-work", KW_UC_NOTE: "After call work" } },
    ]);
  });
});
