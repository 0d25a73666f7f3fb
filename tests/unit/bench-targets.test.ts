/**
 * The benchmark's verdicts (bench/targets.ts): ratios to bare faye measured in the same run, no
 * offer lost or doubled, memory per worker; `*` outside a target's conditions, and a latency
 * verdict from a run that other processes disturbed says so.
 */
import { describe, expect, it } from "vitest";
import type { MemoryReading } from "../../bench/children";
import type { PhaseResult } from "../../bench/load";
import type { MemoryCurve } from "../../bench/memory";
import type { BaselineRun, ConnectorPhaseRun, ConnectorRun, PhaseRun, Settings } from "../../bench/report";
import type { Summary } from "../../bench/stats";
import { renderTargets } from "../../bench/targets";

const settings: Settings = {
  workers: 1000,
  rate: 200,
  seconds: 30,
  burst: 500,
  inFlight: 32,
  holdMs: 500,
  maxChats: 3,
  warmupSeconds: 2,
  dataDir: "/tmp",
  transport: "long-polling",
  connectOnly: false,
};

const summary = (p50: number, p99: number): Summary => ({ count: 6000, p50, p95: p99, p99, max: p99, mean: p50 });

function phase(p50: number, p99: number, othersCpuPct = 0, lost = 0): PhaseRun {
  const result: PhaseResult = {
    sent: 6000,
    failed: 0,
    latency: summary(p50, p99),
    reply: summary(p50, p99),
    lost,
    duplicates: 0,
    duplicatesToOthers: 0,
    deliveredPerSecond: 200,
    sentPerSecond: 200,
    elapsedMs: 30_000,
  };
  return {
    result,
    resources: { serverCpuPct: 50, serverCpuSeconds: 15, driverCpuPct: 20, othersCpuPct, driverLoopP99Ms: 1 },
    serverLoop: { utilization: 0.4, delayP99Ms: 2, delayMaxMs: 8, gcTotalMs: 100, gcMaxMs: 5 },
  };
}

const reading = (rss: number): MemoryReading => ({ rss, heapTotal: 0, heapUsed: 0, external: 0, collected: true, fds: 0, newSpace: 0 });
const memory = (workers: number, kBPerWorker: number): MemoryCurve => ({
  workers,
  connectSeconds: 10,
  before: reading(100e6),
  half: reading(100e6 + (workers / 2) * kBPerWorker * 1000),
  full: reading(100e6 + workers * kBPerWorker * 1000),
});

function runs(connector: { p50: number; p99: number; others?: number; lost?: number }, faye = { p50: 1.5, p99: 4 }) {
  const baseline: BaselineRun = { paced: phase(faye.p50, faye.p99), burst: phase(5, 15), rehandshakes: 0, memory: memory(1000, 18) };
  const connectorPhase = (run: PhaseRun): ConnectorPhaseRun => ({
    ...run,
    accept: summary(1, 5),
    failures: { accept: 0, end: 0, done: 0 },
    peakInFlight: 110,
    routes: [],
  });
  const connectorRun: ConnectorRun = {
    paced: connectorPhase(phase(connector.p50, connector.p99, connector.others, connector.lost)),
    burst: connectorPhase(phase(20, 50)),
    rehandshakes: 0,
    peakRssMB: 190,
    memory: memory(1000, 20),
  };
  return { baseline, connector: connectorRun };
}

const rowOf = (table: string, start: string) => table.split("\n").find((line) => line.startsWith(`| ${start}`)) ?? "";

describe("the benchmark's targets", () => {
  it("pass at 2x faye's p99 and 1.3x its p50, and fail just above", () => {
    const at = runs({ p50: 1.95, p99: 8 });
    const table = renderTargets(settings, at.baseline, at.connector);
    expect(rowOf(table, "paced create -> Preview p99 <= 2")).toContain("2.00x (8.00 ms / 4.00 ms) | PASS |");
    expect(rowOf(table, "paced create -> Preview p50")).toContain("1.30x (1.95 ms / 1.50 ms) | PASS |");
    const above = runs({ p50: 2.1, p99: 8.4 });
    const failed = renderTargets(settings, above.baseline, above.connector);
    expect(rowOf(failed, "paced create -> Preview p99 <= 2")).toContain("2.10x (8.40 ms / 4.00 ms) | FAIL |");
    expect(rowOf(failed, "paced create -> Preview p50")).toContain("1.40x (2.10 ms / 1.50 ms) | FAIL |");
  });

  it("hold the connector to the durable floor: p99 within 1.5x, half its burst throughput, CPU per push", () => {
    const at = runs({ p50: 1.9, p99: 7.5 });
    // The floor: p99 5 ms, 2,000 chats/s in the burst; faye spent 15 s of CPU for 6,000 publishes (2,500 µs each).
    const floor: BaselineRun = { ...at.baseline, paced: phase(1.6, 5), burst: { ...phase(5, 15), result: { ...phase(5, 15).result, sentPerSecond: 2000 } } };
    const connector: ConnectorRun = {
      ...at.connector,
      paced: { ...at.connector.paced, activity: { pushes: 6000 * 2, commits: 6000 * 3, syncs: 6000 } },
      burst: { ...at.connector.burst, result: { ...at.connector.burst.result, sentPerSecond: 1000 } },
    };
    const table = renderTargets(settings, at.baseline, connector, floor);
    expect(rowOf(table, "paced create -> Preview p99 <= 1.5 x the durable floor's")).toContain("1.50x (7.50 ms / 5.00 ms) | PASS |");
    expect(rowOf(table, "burst throughput >= 50 %")).toContain("50 % (1000 / 2000 chats/s) | PASS |");
    expect(rowOf(table, "connector CPU per chat")).toContain("2500 µs against 10000 µs (0.25 of it; 2.00 pushes per chat) | PASS |");
    const slow: ConnectorRun = { ...connector, burst: { ...connector.burst, result: { ...connector.burst.result, sentPerSecond: 900 } } };
    const worse = renderTargets(settings, at.baseline, slow, { ...floor, paced: phase(1.6, 4.9) });
    expect(rowOf(worse, "paced create -> Preview p99 <= 1.5 x the durable floor's")).toContain("| FAIL |");
    expect(rowOf(worse, "burst throughput >= 50 %")).toContain("45 % (900 / 2000 chats/s) | FAIL |");
  });

  it("fail when an offer is lost", () => {
    const at = runs({ p50: 2, p99: 6, lost: 1 });
    expect(rowOf(renderTargets(settings, at.baseline, at.connector), "no offer lost")).toContain("| FAIL |");
  });

  it("say when other processes disturbed the run", () => {
    const at = runs({ p50: 2, p99: 6, others: 40 });
    expect(rowOf(renderTargets(settings, at.baseline, at.connector), "paced create -> Preview p99")).toContain(
      "PASS (disturbed: other processes used 40 % of a core)",
    );
  });

  it("star a run outside the targets' conditions as indicative only", () => {
    const at = runs({ p50: 2, p99: 6 });
    const table = renderTargets({ ...settings, workers: 100 }, at.baseline, at.connector);
    expect(rowOf(table, "paced create -> Preview p99")).toContain("| PASS* |");
    expect(rowOf(table, "RSS per signed-in")).toContain("20.0 kB (marginal 20.0 kB)");
    expect(rowOf(table, "RSS per signed-in")).toContain("| PASS* |");
    expect(table).toContain("indicative only");
  });
});
