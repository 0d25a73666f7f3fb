/**
 * `npm run bench -- --nodes N`: the single-node run's chat life cycle (offer -> accept -> hold ->
 * end -> done, bench/connector-target.ts) through HAProxy in front of k = 1..N nodes on
 * PostgreSQL and Redis, and once on the single SQLite node, with the same load; per run, what each
 * chat cost in CPU over every process, PostgreSQL commits and statements, Redis commands.
 */
import { perChat, type Counters, type PerChat } from "./cluster-figures";
import { nodeName, startClusterStack, type ClusterStack } from "./cluster-stack";
import { ConnectorTarget, OfferHandling, workerId } from "./connector-target";
import { runPaced, sleep, type PhaseResult } from "./load";
import { cpuByComponent, nodeCpuByPid, readProcTree } from "./proc-tree";
import { summarize, type Summary } from "./stats";
import type { Transport } from "./workers";

/** How long to wait for the last offers of a phase, and for accepted chats to be done. */
const DRAIN_MS = 15_000;
const SETTLE_MS = 20_000;
/** How long the cluster may take to elect an owner and count every window. */
const READY_MS = 60_000;
const POLL_MS = 200;
/**
 * NOTE: PostgreSQL's backends report their commits to pg_stat_database when idle, at most once a
 * second: the last reading waits that long after the last chat is done.
 */
const STATS_FLUSH_MS = 1_500;

export interface ClusterSettings {
  nodes: number;
  workers: number;
  rate: number;
  seconds: number;
  holdMs: number;
  maxChats: number;
  warmupSeconds: number;
  dataDir: string;
  transport: Transport;
}

export interface StoreRun {
  /** 0: the single SQLite node; k: k nodes on PostgreSQL behind HAProxy. */
  nodes: number;
  result: PhaseResult;
  accept: Summary;
  failures: OfferHandling["failures"];
  firstFailure?: string;
  rehandshakes: number;
  cost: PerChat;
}

type Progress = (line: string) => void;

/** Polls `check` until it resolves true (errors count as not yet); throws after `timeoutMs`. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = READY_MS): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let last = "";
  for (;;) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (performance.now() > deadline) throw new Error(`${what} not within ${timeoutMs} ms${last ? ` (last: ${last})` : ""}`);
    await sleep(POLL_MS);
  }
}

async function runOne(s: ClusterSettings, nodes: number, progress: Progress): Promise<StoreRun> {
  const label = nodes === 0 ? "SQLite, one node" : `PostgreSQL, ${nodes} node(s)`;
  const target = new ConnectorTarget({
    workers: s.workers,
    maxChats: s.maxChats,
    holdMs: s.holdMs,
    dataParent: s.dataDir,
    transport: s.transport,
    ...(nodes > 0 ? { pinOf: (i: number) => nodeName(i % nodes) } : {}),
  });
  let stack: ClusterStack | undefined;
  try {
    let counters: () => Promise<Counters>;
    if (nodes === 0) {
      await target.start();
      counters = async () => {
        const procs = readProcTree();
        return { cpu: cpuByComponent(procs), nodeCpu: nodeCpuByPid(procs) };
      };
    } else {
      stack = await startClusterStack(nodes, target.writeConfig(), target.dataDirectory, (line) => progress(`${label}: ${line}`));
      target.attach(stack.url, stack.apiKey);
      counters = stack.counters;
      // An owner serves the API; until one is elected, requests through any node wait or fail.
      await until("an owner serving the API", async () => (await target.api.windows(workerId(0, s.workers))) === 0);
    }
    progress(`${label}: started`);
    await target.connectWorkers(0, s.workers);
    // NOTE: other nodes' window counts reach the owner through Redis: wait until it counts them all.
    await until("every worker's window counted", async () => {
      await target.checkWindows();
      return true;
    });
    progress(`${label}: ${s.workers} workers signed in, Available and subscribed`);
    if (s.warmupSeconds > 0) {
      const warm = (target.handling = new OfferHandling());
      await runPaced(target.send, warm.receipts, s.rate, s.warmupSeconds, DRAIN_MS);
      await warm.settle(SETTLE_MS);
    }
    const handling = (target.handling = new OfferHandling());
    const before = await counters();
    const result = await runPaced(target.send, handling.receipts, s.rate, s.seconds, DRAIN_MS);
    await handling.settle(SETTLE_MS);
    if (nodes > 0) await sleep(STATS_FLUSH_MS);
    const after = await counters();
    const chats = result.sent - result.failed;
    progress(`${label}: ${chats} chats measured`);
    return {
      nodes,
      result,
      accept: summarize(handling.acceptMs),
      failures: handling.failures,
      firstFailure: handling.firstFailure,
      rehandshakes: target.rehandshakes(),
      cost: perChat(before, after, chats),
    };
  } finally {
    await target.stop();
    await stack?.stop();
  }
}

/** The SQLite node, then k = 1..N nodes on PostgreSQL: the same load, one after another. */
export async function runClusterBench(s: ClusterSettings, progress: Progress): Promise<StoreRun[]> {
  const runs: StoreRun[] = [];
  for (let nodes = 0; nodes <= s.nodes; nodes++) runs.push(await runOne(s, nodes, progress));
  return runs;
}
