/**
 * Teams presence sync over a real core (SQLite) and an in-memory Graph port: the connector's own
 * session presence read back changes nothing, only allowed pairs are written, and stop() ends
 * every Graph call (a resign or a shutdown). Plus the small tables it rests on.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createTeamsPresenceSync, type TeamsPresenceSync } from "../../lib/connector/teams-presence-sync";
import { ALL_PRESENCES } from "../../lib/domain/presence";
import { DEFAULT_TEAMS_PRESENCE_MAP, toGraph, type GraphPresence } from "../../lib/domain/teams-presence";
import { classifyStatus, retryAfterMs } from "../../lib/graph/graph-failure";
import { createGraphMetrics } from "../../lib/graph/graph-metrics";
import type { GraphPresencePort } from "../../lib/graph/graph-port";
import { createLogger } from "../../lib/observability/logger";
import { startCore, type RunningCore } from "../support/core";

const ALLOWED = ["Available/Available", "Busy/InACall", "Busy/InAConferenceCall", "Away/Away", "DoNotDisturb/Presenting"];

describe("the tables", () => {
  it("writes only pairs setPresence accepts, and clears for offline", () => {
    for (const presence of ALL_PRESENCES) {
      const pair = toGraph(presence);
      if (presence === "offline") expect(pair).toBe("clear");
      else expect(ALLOWED).toContain(`${(pair as GraphPresence).availability}/${(pair as GraphPresence).activity}`);
    }
  });

  it.each([
    [429, "throttled"],
    [503, "server-error"],
    [500, "server-error"],
    [-1, "unreachable"],
    [undefined, "unreachable"],
    [404, "refused"],
    [400, "refused"],
  ] as const)("status %s is %s", (status, outcome) => expect(classifyStatus(status)).toBe(outcome));

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterMs("7", now)).toBe(7000);
    expect(retryAfterMs("Thu, 01 Jan 2026 00:00:30 GMT", now)).toBe(30_000);
    expect(retryAfterMs("soon", now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});

describe("the sync", () => {
  let core: RunningCore;
  let sync: TeamsPresenceSync | undefined;
  const teams = new Map<string, GraphPresence>();
  const calls: string[] = [];
  const port: GraphPresencePort = {
    userIdOf: async (upn) => (calls.push(`user ${upn}`), `id-${upn}`),
    presences: async (ids) => (calls.push("read"), ids.map((id) => ({ id, ...(teams.get(id) ?? { availability: "Offline", activity: "Offline" }) }))),
    setPresence: async (id, p) => void (calls.push(`set ${p.availability}/${p.activity}`), teams.set(id, p)),
    clearPresence: async (id) => void (calls.push("clear"), teams.delete(id)),
  };

  beforeEach(async () => {
    vi.useFakeTimers();
    teams.clear();
    calls.length = 0;
    core = await startCore([{ id: "kw1", name: "Alex" }], { previewTimeoutMs: 10_000 });
    sync = createTeamsPresenceSync({
      graph: port,
      presence: core.presence,
      steps: core.steps,
      store: core.store,
      clock: { now: () => new Date() },
      logger: createLogger("silent"),
      metrics: createGraphMetrics(core.metrics.registry),
      workers: [{ id: "kw1", upn: "alex@contoso.example" }],
      map: DEFAULT_TEAMS_PRESENCE_MAP,
      mode: "two-way",
      pollSeconds: 5,
    });
  });
  afterEach(async () => {
    await sync?.stop();
    vi.useRealTimers();
    await core.dispose();
  });

  const settle = async (ms = 0) => {
    await vi.advanceTimersByTimeAsync(ms);
    await core.steps.idle();
    await vi.advanceTimersByTimeAsync(0);
    await core.steps.idle();
  };

  it("be-right-back, written as Away / Away and read back, stays be-right-back", async () => {
    teams.set("id-alex@contoso.example", { availability: "Available", activity: "Available" });
    sync!.start();
    await settle();
    expect((await core.presence.get("kw1"))!.presence).toBe("available");
    await core.presence.setPresence("kw1", "be-right-back", "web-client");
    await settle();
    await settle(5_000);
    expect(calls).toContain("set Away/Away");
    expect(calls.filter((c) => c === "read").length).toBeGreaterThanOrEqual(2);
    expect((await core.presence.get("kw1"))!.presence).toBe("be-right-back");
  });

  it("a presence from Teams is not written back", async () => {
    teams.set("id-alex@contoso.example", { availability: "Busy", activity: "InAMeeting" });
    sync!.start();
    await settle();
    expect((await core.presence.get("kw1"))!.presence).toBe("busy");
    await settle(5_000);
    expect(calls.filter((c) => c.startsWith("set") || c === "clear")).toEqual([]);
  });

  it("after stop() no Graph call is made, and a presence change writes nothing", async () => {
    sync!.start();
    await settle();
    await sync!.stop();
    const before = calls.length;
    await core.presence.setPresence("kw1", "available", "web-client");
    await settle(60_000);
    expect(calls.length).toBe(before);
  });
});
