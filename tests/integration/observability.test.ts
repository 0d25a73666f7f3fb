/** /healthz and /metrics (Prometheus text). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConnector, type Connector } from "../support/harness";

let c: Connector;
beforeAll(async () => {
  c = await startConnector();
});
afterAll(async () => {
  await c.cleanup();
});

describe("/healthz", () => {
  it("is 200 without credentials", async () => {
    const res = await c.request("/healthz");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: "ok" });
  });
});

describe("/metrics", () => {
  it("is Prometheus text with the connector's metrics", async () => {
    const res = await c.request("/metrics");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/plain/);
    for (const [name, type] of [
      ["ucc_windows_open", "gauge"],
      ["ucc_bayeux_sessions", "gauge"],
      ["ucc_presence_changes_total", "counter"],
      ["ucc_http_request_duration_seconds", "histogram"],
    ]) {
      expect(res.text).toContain(`# HELP ${name} `);
      expect(res.text).toContain(`# TYPE ${name} ${type}`);
    }
  });

  it("counts presence changes by presence and source, and windows and sessions", async () => {
    const cookie = await c.signIn("kw1");
    await c.api("PUT", "/api/v1/workers/kw2/presence", { presence: "busy" });
    await c.api("PUT", "/api/v1/workers/kw2/presence", { presence: "busy" }); // no change, not counted
    await c.request("/api/kw/presence", { method: "PUT", headers: { cookie }, body: { presence: "available" } });
    const client = await c.bayeux({ cookie });

    const text = (await c.request("/metrics")).text;
    expect(text).toMatch(/^ucc_presence_changes_total\{presence="busy",source="uc"\} 1$/m);
    expect(text).toMatch(/^ucc_presence_changes_total\{presence="available",source="web-client"\} 1$/m);
    expect(text).toMatch(/^ucc_windows_open 1$/m);
    expect(text).toMatch(/^ucc_bayeux_sessions 1$/m);
    await client.disconnect();
  });

  it("times each step by phase and each disk sync, one count per step and per sync", async () => {
    const count = (text: string, series: string) => Number(new RegExp(`^${series} (\\d+)$`, "m").exec(text)?.[1] ?? Number.NaN);
    const read = async () => {
      const text = (await c.request("/metrics")).text;
      return {
        queued: count(text, 'ucc_step_seconds_count\\{phase="queued"\\}'),
        running: count(text, 'ucc_step_seconds_count\\{phase="running"\\}'),
        kept: count(text, 'ucc_step_seconds_count\\{phase="kept"\\}'),
        syncTimes: count(text, "ucc_store_sync_seconds_count"),
        syncs: count(text, "ucc_store_syncs_total"),
      };
    };
    const before = await read();
    await c.api("PUT", "/api/v1/workers/kw3/presence", { presence: "dnd" });
    const after = await read();
    // One step (the presence change), kept by a sync that was counted and timed.
    expect([after.queued - before.queued, after.running - before.running, after.kept - before.kept]).toEqual([1, 1, 1]);
    expect(after.syncs).toBeGreaterThan(before.syncs);
    expect(after.syncTimes).toBeGreaterThan(before.syncTimes);
  });

  it("labels request durations by route pattern, not by raw path", async () => {
    await c.api("GET", "/api/v1/workers/kw3");
    await c.api("GET", "/api/v1/workers/nobody");
    const text = (await c.request("/metrics")).text;
    expect(text).toMatch(/ucc_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/workers\/:id",status="200"\} \d+/);
    expect(text).toMatch(/ucc_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/workers\/:id",status="404"\} \d+/);
    expect(text).not.toContain('route="/api/v1/workers/kw3"');
    expect(text).not.toContain("nobody");
  });
});

describe("anything else", () => {
  it("is 404 when no pages are served", async () => {
    expect((await c.request("/no/such/page")).status).toBe(404);
  });
});
