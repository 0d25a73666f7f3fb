/** The printed result: markdown tables, the machine, and each target with PASS or FAIL. */
import type { LoopStats } from "./children";
import type { Activity } from "./connector-api";
import { renderFloorComparison } from "./floor-report";
import type { MachineInfo, Resources } from "./machine";
import type { PhaseResult } from "./load";
import { idleConnectionKB, perWorkerKB, type MemoryCurve } from "./memory";
import { memoryTargetRows, renderTargets, starNote } from "./targets";
import { delta, markdownTable, ms, type Summary } from "./stats";
import type { Transport } from "./workers";

export interface Settings {
  workers: number;
  rate: number;
  seconds: number;
  burst: number;
  inFlight: number;
  holdMs: number;
  maxChats: number;
  warmupSeconds: number;
  dataDir: string;
  transport: Transport;
  /** A directory for a CPU profile of the connector, if one was asked for. */
  profileDir?: string;
  /** A directory for heap snapshots of the connector, if they were asked for. */
  heapSnapshotDir?: string;
  /** Only connect the workers and read the memory they cost: no load phases. */
  connectOnly: boolean;
  /** `--nodes N`: the several-node run (bench/cluster-run.ts) instead of this one. */
  nodes?: number;
}

export interface Context {
  date: string;
  machine: MachineInfo;
  loadBefore: { load1: number; load5: number };
  loadAfter: { load1: number; load5: number };
  fsync: { p50: number; p99: number };
}

export interface PhaseRun {
  result: PhaseResult;
  resources: Resources;
  serverLoop: LoopStats;
}

export interface BaselineRun {
  paced: PhaseRun;
  burst: PhaseRun;
  rehandshakes: number;
  memory: MemoryCurve;
}

export interface ConnectorPhaseRun extends PhaseRun {
  accept: Summary;
  failures: { accept: number; end: number; done: number };
  firstFailure?: string;
  peakInFlight: number;
  routes: Array<{ route: string; count: number; meanMs: number; p99AtMostMs: number }>;
  /** Pushes, store commits and disk syncs during the phase (its chats' whole lives). */
  activity?: Activity;
}

export interface ConnectorRun {
  paced: ConnectorPhaseRun;
  burst: ConnectorPhaseRun;
  rehandshakes: number;
  peakRssMB: number;
  memory: MemoryCurve;
}

const summaryCells = (s: Summary) => [String(s.count), ms(s.p50), ms(s.p95), ms(s.p99), ms(s.max)];
const pct = (v: number) => (Number.isFinite(v) ? `${v.toFixed(0)} %` : "-");

function machineLines(settings: Settings, context: Context): string[] {
  const { machine } = context;
  return [
    `### UC Connector benchmark, ${context.date}`,
    "",
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB.toFixed(1)} GiB, Node ${machine.node}, ${machine.kernel}. ` +
      `Load average before ${context.loadBefore.load1.toFixed(2)} (5 min ${context.loadBefore.load5.toFixed(2)}), after ${context.loadAfter.load1.toFixed(2)}. ` +
      `fdatasync of 4 KiB in the data dir (${settings.dataDir}): p50 ${ms(context.fsync.p50)} ms, p99 ${ms(context.fsync.p99)} ms.`,
    "",
  ];
}

/** What the run's instruments changed: a profiler or heap snapshots cost the connector time and memory. */
function instrumentNotes(settings: Settings): string[] {
  const notes: string[] = [];
  if (settings.heapSnapshotDir) {
    notes.push(
      "",
      `Heap snapshots of the connector before and after the workers connected are in ${settings.heapSnapshotDir}; each write pauses the ` +
        "connector for seconds and leaves its RSS higher, so this run's memory figures are not comparable with others.",
    );
  }
  if (settings.profileDir) notes.push("", `The connector's paced phase ran under the CPU profiler (profile in ${settings.profileDir}): its paced figures include the profiler's cost.`);
  return notes;
}

/** The report of a --connect-only run: what the workers cost in memory, nothing else. */
export function renderMemoryReport(settings: Settings, context: Context, baseline: MemoryCurve, connector: { memory: MemoryCurve; peakRssMB: number }): string {
  const rows = memoryTargetRows(settings, connector);
  return [
    ...machineLines(settings, context),
    `Run: --connect-only, N=${settings.workers} workers over ${settings.transport}; no load phases.`,
    ...instrumentNotes(settings),
    "",
    renderMemory(baseline, connector),
    "",
    markdownTable(["target", "measured", "result"], rows) + starNote(rows),
  ].join("\n");
}

export function renderReport(settings: Settings, context: Context, baseline: BaselineRun, connector: ConnectorRun, floor: BaselineRun): string {
  const capacity = settings.workers * settings.maxChats;
  const out: string[] = machineLines(settings, context);
  out.push(
    `Run: N=${settings.workers} workers (max-chats ${settings.maxChats}, capacity ${capacity}), cometd 9 clients over ${settings.transport}; ` +
      `paced M=${connector.paced.result.sent} chats at ${settings.rate}/s for ${settings.seconds} s; burst B=${settings.burst} with ${settings.inFlight} in flight; ` +
      `${settings.warmupSeconds} s warm-up at the same pace before each target, not counted. ` +
      `Each offer is accepted at once, held ${settings.holdMs} ms, ended (API) and done (worker): at most ${connector.paced.peakInFlight} (paced) ` +
      `and ${connector.burst.peakInFlight} (burst) chats were open at once, of the capacity of ${capacity}` +
      (Math.max(connector.paced.peakInFlight, connector.burst.peakInFlight) < capacity
        ? ", so no chat waited for a free worker."
        : ": the capacity was reached, so part of this run measured chats waiting for a free worker."),
  );
  out.push(...instrumentNotes(settings), "");

  const latencyRows: string[][] = [];
  for (const [phase, c, b, f] of [
    ["paced", connector.paced, baseline.paced, floor.paced],
    ["burst", connector.burst, baseline.burst, floor.burst],
  ] as const) {
    latencyRows.push([phase, "connector: create sent -> offer received", ...summaryCells(c.result.latency)]);
    latencyRows.push([phase, "bare faye: publish request sent -> received", ...summaryCells(b.result.latency)]);
    latencyRows.push([phase, "durable floor: publish sent -> kept on disk -> received", ...summaryCells(f.result.latency)]);
    const d = (k: "p50" | "p95" | "p99" | "max") => delta(c.result.latency[k] - b.result.latency[k]);
    latencyRows.push([phase, "**difference** (connector - faye)", "", d("p50"), d("p95"), d("p99"), d("max")]);
    const r = (over: typeof b, k: "p50" | "p95" | "p99" | "max") => `${(c.result.latency[k] / over.result.latency[k]).toFixed(2)}x`;
    latencyRows.push([phase, "**ratio** connector / faye", "", r(b, "p50"), r(b, "p95"), r(b, "p99"), r(b, "max")]);
    latencyRows.push([phase, "**ratio** connector / durable floor", "", r(f, "p50"), r(f, "p95"), r(f, "p99"), r(f, "max")]);
    latencyRows.push([phase, "connector: create sent -> HTTP 201", ...summaryCells(c.result.reply)]);
    latencyRows.push([phase, "connector: accept sent -> HTTP 200", ...summaryCells(c.accept)]);
  }
  out.push(markdownTable(["phase", "latency (ms)", "count", "p50", "p95", "p99", "max"], latencyRows));
  out.push("");

  const flowRows: string[][] = [];
  for (const [phase, c, b, f] of [
    ["paced", connector.paced, baseline.paced, floor.paced],
    ["burst", connector.burst, baseline.burst, floor.burst],
  ] as const) {
    for (const [name, r] of [
      ["connector", c.result],
      ["bare faye", b.result],
      ["durable floor", f.result],
    ] as const) {
      flowRows.push([
        phase,
        name,
        String(r.sent),
        r.sentPerSecond.toFixed(1),
        r.deliveredPerSecond.toFixed(1),
        String(r.lost),
        String(r.failed),
        `${r.duplicates} / ${r.duplicatesToOthers}`,
        r.paceLag ? ms(r.paceLag.p99) : "-",
      ]);
    }
  }
  out.push(markdownTable(["phase", "target", "sent", "sent/s", "delivered/s", "lost", "failed sends", "duplicates / to two workers", "pacer late p99 (ms)"], flowRows));
  out.push("");

  const resourceRows: string[][] = [];
  for (const [phase, c, b, f] of [
    ["paced", connector.paced, baseline.paced, floor.paced],
    ["burst", connector.burst, baseline.burst, floor.burst],
  ] as const) {
    for (const [name, run] of [
      ["connector", c],
      ["bare faye", b],
      ["durable floor", f],
    ] as const) {
      const r = run.resources;
      const loop = run.serverLoop;
      resourceRows.push([
        phase,
        name,
        pct(r.serverCpuPct),
        run.result.sent > 0 ? ((r.serverCpuSeconds * 1e6) / run.result.sent).toFixed(0) : "-",
        pct(100 * loop.utilization),
        `${ms(loop.delayP99Ms)} / ${ms(loop.delayMaxMs)}`,
        `${ms(loop.gcTotalMs)} / ${ms(loop.gcMaxMs)}`,
        pct(r.driverCpuPct),
        ms(r.driverLoopP99Ms),
        pct(r.othersCpuPct),
      ]);
    }
  }
  out.push(
    markdownTable(
      ["phase", "target", "server CPU (% of a core)", "server CPU per send (us)", "server event loop busy", "server loop delay p99 / max (ms)", "server GC total / longest (ms)", "driver CPU", "driver loop delay p99 (ms)", "other processes' CPU"],
      resourceRows,
    ),
  );
  out.push("");

  const routeRows = (["paced", "burst"] as const).flatMap((phase) =>
    connector[phase].routes
      .filter((r) => r.route !== "GET /metrics")
      .map((r) => [phase, r.route, String(r.count), ms(r.meanMs), Number.isFinite(r.p99AtMostMs) ? `<= ${ms(r.p99AtMostMs)}` : "> the last bucket"]),
  );
  out.push(
    "The connector's own time per request, from the router seeing it to the reply (its `ucc_http_request_duration_seconds`; " +
      "the step queue and the disk sync are in it, the wait for the event loop before the router is not); then where its steps' " +
      "time went (`ucc_step_seconds`: queued behind earlier steps, running, kept = waiting for the sync that covers it) and each " +
      "disk sync, which the event loop waits for (`ucc_store_sync_seconds`):",
  );
  out.push("");
  out.push(markdownTable(["phase", "route, step phase or sync", "count", "mean ms", "p99 ms (histogram bucket)"], routeRows));
  out.push("");

  out.push(renderFloorComparison(baseline, floor, connector));
  out.push("");

  out.push(renderMemory(baseline.memory, connector));
  out.push("");

  const problems: string[] = [];
  if (baseline.rehandshakes + floor.rehandshakes + connector.rehandshakes > 0) {
    problems.push(`re-handshakes: ${baseline.rehandshakes} (faye), ${floor.rehandshakes} (durable floor), ${connector.rehandshakes} (connector)`);
  }
  for (const phase of ["paced", "burst"] as const) {
    const c = connector[phase];
    const f = c.failures;
    if (f.accept + f.end + f.done > 0) problems.push(`${phase}: failed accept ${f.accept}, end ${f.end}, done ${f.done} (first: ${c.firstFailure})`);
    if (c.result.firstError) problems.push(`${phase}: first failed create: ${c.result.firstError}`);
    if (baseline[phase].result.firstError) problems.push(`${phase}: first failed faye publish: ${baseline[phase].result.firstError}`);
    if (floor[phase].result.firstError) problems.push(`${phase}: first failed durable-floor publish: ${floor[phase].result.firstError}`);
  }
  if (problems.length) out.push(`Problems: ${problems.join("; ")}.`, "");

  out.push(renderTargets(settings, baseline, connector, floor));
  return out.join("\n");
}

function renderMemory(baseline: MemoryCurve, connector: { memory: MemoryCurve; peakRssMB: number }): string {
  const mb = (bytes: number) => (bytes / 1e6).toFixed(0);
  const kb = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : "-");
  const rows = ([
    ["connector", connector.memory],
    ["bare faye", baseline],
  ] as const).map(([name, m]) => {
    const rss = perWorkerKB(m, "rss");
    const heap = perWorkerKB(m, "heapUsed");
    return [
      name,
      String(m.workers),
      m.connectSeconds.toFixed(1),
      `${mb(m.before.rss)} / ${mb(m.half.rss)} / ${mb(m.full.rss)}`,
      `${mb(m.before.heapUsed)} / ${mb(m.full.heapUsed)}`,
      `**${kb(rss.average)}**`,
      kb(rss.marginal),
      kb(heap.average),
      `${m.before.fds} / ${m.full.fds}`,
    ];
  });
  const collected = connector.memory.full.collected ? "after a full GC in the server's own process" : "without a GC first (no --expose-gc)";
  const idle = idleConnectionKB(connector.memory);
  return [
    `Memory per connected worker (each read ${collected}, before any worker, at N/2 and at N; per worker = (RSS at N - RSS before) / N, ` +
      `marginal = (RSS at N - RSS at N/2) / (N/2); kB = 1,000 bytes). Each worker holds its long poll; the idle keep-alive connections of its ` +
      `sign-in are closed before each reading, as the connector closes them itself after 65 s` +
      (idle ? ` (until then each holds ${idle.kB.toFixed(1)} kB of its V8 heap: ${idle.connections} were open at N; RSS hardly falls when they close, as V8 keeps the pages).` : ".") +
      ` Garbage is not in these figures: the connector's peak RSS over the whole run was ${connector.peakRssMB.toFixed(0)} MB.`,
    "",
    markdownTable(
      ["target", "workers", "sign in + subscribe all (s)", "RSS before / N/2 / N (MB)", "V8 heap used before / N (MB)", "RSS per worker (kB)", "marginal (kB)", "V8 heap per worker (kB)", "open fds before / N"],
      rows,
    ),
  ].join("\n");
}
