/**
 * `npm run bench`: create-to-Preview latency, accept round trip, throughput and memory of the
 * connector under N simulated workers, beside two baselines measured the same way in the same run:
 * the bare faye library, and the durable floor (faye that keeps each publish on disk first).
 * Servers run in child processes; this process is the driver (the N cometd clients and
 * the integrator). Loopback only; bounded in time; children are killed however it ends.
 *
 *   npm run bench -- [--workers 1000] [--rate 200] [--seconds 30] [--burst 500] [--in-flight 32]
 *                    [--hold-ms 500] [--max-chats 3] [--warmup 2] [--data-dir DIR]
 *                    [--transport long-polling|websocket] [--profile DIR] [--heap-snapshots DIR] [--connect-only] [--quick]
 *   npm run bench -- --nodes N (1-3) [--workers 100] [--rate 20] [--seconds 15] ...: the same chats through HAProxy in
 *                    front of 1..N nodes on PostgreSQL and Redis, beside the SQLite node (bench/cluster-run.ts)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { BaselineTarget } from "./baseline-target";
import { cleanUpNow, type Child } from "./children";
import { activityBetween, routeTimingsBetween } from "./connector-api";
import { runClusterBench } from "./cluster-run";
import { renderClusterReport } from "./cluster-report";
import { ConnectorTarget, OfferHandling } from "./connector-target";
import { closeHttp } from "./http";
import { Receipts, runBurst, runPaced, sleep, type PhaseResult, type Send } from "./load";
import { fsyncProbe, loadNow, machineInfo, PhaseMeter, RssSampler } from "./machine";
import { connectMeasured, describeMemory } from "./memory";
import { renderMemoryReport, renderReport, type BaselineRun, type ConnectorPhaseRun, type ConnectorRun, type PhaseRun, type Settings } from "./report";
import { summarize } from "./stats";
import type { Transport } from "./workers";

/** How long to wait for the last messages of a phase. */
const DRAIN_MS = 15_000;
/** How long to wait for accepted chats to be ended and done. */
const SETTLE_MS = 20_000;
/** The most workers one run simulates: one node's target (the driver holds all their clients). */
const MAX_WORKERS = 10_000;
/** The most nodes `--nodes` starts: three nodes, PostgreSQL, Redis, HAProxy and the driver already share 2 cores here. */
const MAX_NODES = 3;

function parseSettings(): Settings {
  const { values } = parseArgs({
    options: {
      workers: { type: "string" },
      rate: { type: "string" },
      seconds: { type: "string" },
      burst: { type: "string" },
      "in-flight": { type: "string" },
      "hold-ms": { type: "string" },
      "max-chats": { type: "string" },
      warmup: { type: "string" },
      "data-dir": { type: "string" },
      transport: { type: "string" },
      profile: { type: "string" },
      "heap-snapshots": { type: "string" },
      quick: { type: "boolean", default: false },
      "connect-only": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
      nodes: { type: "string" },
    },
  });
  if (values.help) {
    process.stdout.write(
      "npm run bench -- [--workers N=1000] [--rate R=200] [--seconds S=30] [--burst B=500] [--in-flight 32]\n" +
        "                 [--hold-ms 500] [--max-chats 3] [--warmup 2] [--data-dir DIR] [--transport long-polling|websocket]\n" +
        "                 [--profile DIR (a CPU profile of the connector's paced phase)] [--heap-snapshots DIR (the connector's heap before and after the workers connect)]\n" +
        "                 [--connect-only (memory per worker only: no load phases)] [--quick (N=100, 10 s, B=200)]\n" +
        "npm run bench -- --nodes N (1-3: the same chats through HAProxy to 1..N nodes on PostgreSQL and Redis, and the SQLite node;\n" +
        "                 defaults N=100 workers, 20/s for 15 s)\n",
    );
    process.exit(0);
  }
  const int = (name: string, raw: string | undefined, fallback: number, min: number, max: number) => {
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
    return value;
  };
  const quick = values.quick;
  // NOTE: --nodes runs the load 1 + N times on a stack of processes: smaller defaults keep it within minutes.
  const nodes = values.nodes === undefined ? undefined : int("nodes", values.nodes, 1, 1, MAX_NODES);
  return {
    workers: int("workers", values.workers, quick || nodes ? 100 : 1000, 2, MAX_WORKERS),
    rate: int("rate", values.rate, nodes ? 20 : 200, 1, 5000),
    seconds: int("seconds", values.seconds, nodes ? 15 : quick ? 10 : 30, 1, 600),
    burst: int("burst", values.burst, quick ? 200 : 500, 1, 20_000),
    inFlight: int("in-flight", values["in-flight"], 32, 1, 1000),
    holdMs: int("hold-ms", values["hold-ms"], 500, 0, 60_000),
    maxChats: int("max-chats", values["max-chats"], 3, 1, 20),
    warmupSeconds: int("warmup", values.warmup, 2, 0, 60),
    dataDir: values["data-dir"] ?? os.tmpdir(),
    transport: transportOf(values.transport),
    profileDir: values.profile === undefined ? undefined : (fs.mkdirSync(values.profile, { recursive: true }), path.resolve(values.profile)),
    heapSnapshotDir: values["heap-snapshots"],
    connectOnly: values["connect-only"],
    nodes,
  };
}

function transportOf(raw: string | undefined): Transport {
  if (raw === undefined || raw === "long-polling" || raw === "websocket") return raw ?? "long-polling";
  throw new Error("--transport must be long-polling or websocket");
}

const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

async function timed<T>(what: string, task: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await task();
  progress(`${what} (${((performance.now() - start) / 1000).toFixed(1)} s)`);
  return result;
}

async function measured(child: Child, run: () => Promise<PhaseResult>): Promise<PhaseRun> {
  await child.loopStats(); // starts its figures afresh
  const meter = new PhaseMeter(child.pid);
  const result = await run();
  return { result, resources: meter.stop(), serverLoop: await child.loopStats() };
}

function pacedRun(s: Settings) {
  return (send: Send, receipts: Receipts) => runPaced(send, receipts, s.rate, s.seconds, DRAIN_MS);
}
function burstRun(s: Settings) {
  return (send: Send, receipts: Receipts) => runBurst(send, receipts, s.burst, s.inFlight, DRAIN_MS);
}

/** Bare faye, or with `durable` the durable floor: faye that keeps each publish on disk (group committed) before it delivers it. */
async function benchBaseline(s: Settings, durable = false): Promise<Partial<BaselineRun> & Pick<BaselineRun, "memory">> {
  const target = new BaselineTarget(s.workers, s.transport, durable ? s.dataDir : undefined);
  const label = durable ? "durable floor" : "bare faye";
  try {
    await timed(`${label} server started`, () => target.start());
    const memory = await timed(`${s.workers} clients subscribed to ${label}`, () =>
      connectMeasured(target.child, s.workers, { connect: (from, to) => target.connectClients(from, to) }),
    );
    progress(describeMemory(label, memory));
    if (s.connectOnly) return { memory };
    const phase = async (name: string, run: (send: Send, receipts: Receipts) => Promise<PhaseResult>) => {
      target.receipts = new Receipts();
      const done = await timed(`${label} ${name}`, () => measured(target.child, () => run(target.send, target.receipts)));
      await sleep(1_000);
      return done;
    };
    if (s.warmupSeconds > 0) await phase("warm-up", (send, receipts) => runPaced(send, receipts, s.rate, s.warmupSeconds, DRAIN_MS));
    const paced = await phase("paced", pacedRun(s));
    const burst = await phase("burst", burstRun(s));
    return { paced, burst, rehandshakes: target.rehandshakes(), memory };
  } finally {
    await target.stop();
  }
}

async function benchConnector(s: Settings): Promise<Partial<ConnectorRun> & Pick<ConnectorRun, "memory" | "peakRssMB">> {
  const target = new ConnectorTarget({
    workers: s.workers,
    maxChats: s.maxChats,
    holdMs: s.holdMs,
    dataParent: s.dataDir,
    transport: s.transport,
    nodeArgs: [],
  });
  let rss: RssSampler | undefined;
  try {
    await timed("connector started", () => target.start());
    rss = new RssSampler(target.child.pid);
    const snapshots = s.heapSnapshotDir ? { dir: s.heapSnapshotDir, name: "connector" } : undefined;
    const memory = await timed(`${s.workers} workers signed in, Available and subscribed`, () =>
      connectMeasured(
        target.child,
        s.workers,
        { connect: (from, to) => target.connectWorkers(from, to), closeIdle: () => target.closeIdleConnections() },
        snapshots,
      ),
    );
    progress(describeMemory("connector", memory));
    await target.checkWindows();
    if (s.connectOnly) return { memory, peakRssMB: (rss.peakMiB() * 2 ** 20) / 1e6 };
    const phase = async (name: string, run: (send: Send, receipts: Receipts) => Promise<PhaseResult>): Promise<ConnectorPhaseRun> => {
      const before = await target.api.routeTimings();
      const activityBefore = await target.api.activity();
      const handling = (target.handling = new OfferHandling());
      const { result, resources, serverLoop } = await timed(`connector ${name}`, () => measured(target.child, () => run(target.send, handling.receipts)));
      await handling.settle(SETTLE_MS);
      const routes = routeTimingsBetween(before, await target.api.routeTimings());
      const activity = activityBetween(activityBefore, await target.api.activity());
      await sleep(1_000);
      return {
        result,
        resources,
        serverLoop,
        accept: summarize(handling.acceptMs),
        failures: handling.failures,
        firstFailure: handling.firstFailure,
        peakInFlight: handling.peakInFlight,
        routes,
        activity,
      };
    };
    if (s.warmupSeconds > 0) await phase("warm-up", (send, receipts) => runPaced(send, receipts, s.rate, s.warmupSeconds, DRAIN_MS));
    if (s.profileDir) await target.child.profileStart();
    const paced = await phase("paced", pacedRun(s));
    if (s.profileDir) {
      const file = path.join(s.profileDir, `connector-paced-${new Date().toISOString().replace(/[:.]/g, "-")}.cpuprofile`);
      await target.child.profileStop(file);
      progress(`CPU profile of the paced phase: ${file} (summary: npx tsx bench/profile-top.ts ${file})`);
    }
    const burst = await phase("burst", burstRun(s));
    return { paced, burst, rehandshakes: target.rehandshakes(), peakRssMB: (rss.peakMiB() * 2 ** 20) / 1e6, memory };
  } finally {
    rss?.stop();
    await target.stop();
  }
}

async function main(): Promise<void> {
  const settings = parseSettings();
  // The whole run is bounded: setup, two targets' phases and their drains, with room to spare.
  const budgetMs = settings.nodes
    ? 120_000 + (settings.nodes + 1) * (240_000 + (settings.warmupSeconds + settings.seconds) * 1000 + settings.workers * 100)
    : 300_000 + 3 * (settings.warmupSeconds + settings.seconds) * 1000 + 3 * settings.burst * 20 + 3 * settings.workers * 20;
  setTimeout(() => {
    progress(`gave up: the run took longer than ${(budgetMs / 1000).toFixed(0)} s`);
    cleanUpNow();
    process.exit(3);
  }, budgetMs);

  if (settings.nodes) return benchNodes(settings, settings.nodes);
  if (settings.burst > settings.workers * settings.maxChats) {
    progress(`note: a burst of ${settings.burst} is more than the capacity (${settings.workers} x ${settings.maxChats}); part of it will wait in the queue`);
  }
  const machine = machineInfo();
  const loadBefore = loadNow();
  const fsync = fsyncProbe(settings.dataDir);
  progress(`${machine.cpu}, ${machine.cores} cores, load ${loadBefore.load1.toFixed(2)}; N=${settings.workers}, ${settings.rate}/s for ${settings.seconds} s, burst ${settings.burst}`);

  const baseline = await benchBaseline(settings);
  // NOTE: the memory of --connect-only is what connections cost: the floor's disk adds nothing to it.
  const floor = settings.connectOnly ? undefined : await benchBaseline(settings, true);
  const connector = await benchConnector(settings);
  closeHttp();

  const context = { date: new Date().toISOString().slice(0, 10), machine, loadBefore, loadAfter: loadNow(), fsync };
  // NOTE: without --connect-only both runs went through their load phases, or threw.
  const report = settings.connectOnly
    ? renderMemoryReport(settings, context, baseline.memory, connector)
    : renderReport(settings, context, baseline as BaselineRun, connector as ConnectorRun, floor as BaselineRun);
  process.stdout.write(`\n${report}\n`);
}

async function benchNodes(settings: Settings, nodes: number): Promise<void> {
  const machine = machineInfo();
  const loadBefore = loadNow();
  const fsync = fsyncProbe(settings.dataDir);
  progress(`${machine.cpu}, ${machine.cores} cores, load ${loadBefore.load1.toFixed(2)}; --nodes ${nodes}, N=${settings.workers}, ${settings.rate}/s for ${settings.seconds} s`);
  const s = { ...settings, nodes };
  const runs = await runClusterBench(s, progress);
  closeHttp();
  const context = { date: new Date().toISOString().slice(0, 10), machine, loadBefore, loadAfter: loadNow(), fsync };
  process.stdout.write(`\n${renderClusterReport(s, context, runs)}\n`);
}

process.on("exit", cleanUpNow);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    progress(`${signal}: stopping`);
    cleanUpNow();
    process.exit(130);
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    progress(`failed: ${error instanceof Error ? error.message : String(error)}`);
    cleanUpNow();
    process.exit(1);
  },
);
