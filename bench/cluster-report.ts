/** The printed result of `npm run bench -- --nodes N`: per-chat costs, ratios, the target, a capacity model. */
import { capacityPlan, DEFAULT_ASSUMPTIONS, ownerCeilingWorkers, type CapacityAssumptions } from "./capacity-model";
import { CLUSTER_CPU_TARGET, cpuVerdict } from "./cluster-figures";
import type { ClusterSettings, StoreRun } from "./cluster-run";
import type { Context } from "./report";
import { markdownTable, ms } from "./stats";

const MODEL_WORKERS = [10_000, 100_000, 1_000_000];

const nameOf = (run: StoreRun) => (run.nodes === 0 ? "SQLite, 1 node" : `PostgreSQL, ${run.nodes} node${run.nodes > 1 ? "s" : ""}`);
const fixed = (v: number | undefined, digits = 1) => (v === undefined || !Number.isFinite(v) ? "-" : v.toFixed(digits));
const thousands = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString("en-US") : "-");

export function renderClusterReport(s: ClusterSettings, context: Context, runs: StoreRun[], assumptions: CapacityAssumptions = DEFAULT_ASSUMPTIONS): string {
  const { machine } = context;
  const out: string[] = [
    `### UC Connector benchmark, several nodes, ${context.date}`,
    "",
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB.toFixed(1)} GiB, Node ${machine.node}, ${machine.kernel}. ` +
      `Load average before ${context.loadBefore.load1.toFixed(2)}, after ${context.loadAfter.load1.toFixed(2)}. ` +
      `fdatasync of 4 KiB in ${s.dataDir}: p50 ${ms(context.fsync.p50)} ms, p99 ${ms(context.fsync.p99)} ms.`,
    "",
    `Run: --nodes ${s.nodes}, N=${s.workers} workers (max-chats ${s.maxChats}) over ${s.transport}, ${s.rate} chats/s for ${s.seconds} s ` +
      `after ${s.warmupSeconds} s of warm-up; each offer accepted at once, held ${s.holdMs} ms, ended (API) and done (worker). ` +
      "PostgreSQL 15 with fsync on and Redis started afresh for each node count; HAProxy in front (round robin, workers pinned to " +
      "node-(i mod k+1) by its UCCNODE cookie). CPU is user + system from /proc over every process the benchmark started (reaped " +
      "PostgreSQL backends included), from just before the first chat to after the last is done.",
    "",
  ];

  const costRows = runs.map((r) => {
    const c = r.cost;
    return [
      nameOf(r),
      String(c.chats),
      `**${fixed(c.cpuMs, 2)}**`,
      fixed(c.cpuMsBy.nodes, 2),
      fixed(c.busiestNodeMs, 2),
      fixed(c.cpuMsBy.postgres, 2),
      fixed(c.cpuMsBy.redis, 2),
      fixed(c.cpuMsBy.haproxy, 2),
      fixed(c.commits),
      fixed(c.writeCommits),
      fixed(c.statements),
      fixed(c.redisCommands),
      fixed(c.redisPublishes),
    ];
  });
  out.push(
    markdownTable(
      ["run", "chats", "CPU ms / chat (all)", "nodes", "busiest node (owner)", "PostgreSQL", "Redis", "HAProxy", "transactions / chat (xact_commit)", "of them writes (COMMIT)", "statements / chat", "Redis commands / chat", "PUBLISH / chat"],
      costRows,
    ),
    "",
  );

  const latencyRows = runs.map((r) => [
    nameOf(r),
    ms(r.result.latency.p50),
    ms(r.result.latency.p99),
    ms(r.accept.p50),
    ms(r.accept.p99),
    String(r.result.lost),
    String(r.result.failed),
    String(r.failures.accept + r.failures.end + r.failures.done),
    `${r.result.duplicates} / ${r.result.duplicatesToOthers}`,
    String(r.rehandshakes),
  ]);
  out.push(
    "For information (latency depends on the cores, which the nodes, PostgreSQL and the driver share here):",
    "",
    markdownTable(["run", "create -> offer p50 (ms)", "p99", "accept round trip p50 (ms)", "p99", "lost", "failed creates", "failed accept/end/done", "duplicates / to two workers", "re-handshakes"], latencyRows),
    "",
  );

  const sqlite = runs.find((r) => r.nodes === 0);
  const onePg = runs.find((r) => r.nodes === 1);
  const ratioRows: string[][] = [];
  for (const r of runs.filter((r) => r.nodes > 0)) if (onePg) ratioRows.push([`CPU per chat at ${r.nodes} node(s) / one PostgreSQL node`, fixed(r.cost.cpuMs / onePg.cost.cpuMs, 2)]);
  if (onePg && sqlite) ratioRows.push(["CPU per chat, one PostgreSQL node / one SQLite node", fixed(onePg.cost.cpuMs / sqlite.cost.cpuMs, 2)]);
  out.push(markdownTable(["ratio", "measured"], ratioRows), "");

  const verdict = cpuVerdict(new Map(runs.filter((r) => r.nodes > 0).map((r) => [r.nodes, r.cost.cpuMs])));
  const three = runs.find((r) => r.nodes === 3);
  if (verdict?.met === undefined || !three || !onePg) out.push(`Target (CPU per chat at 3 nodes <= ${CLUSTER_CPU_TARGET} x one PostgreSQL node): not measured (run with --nodes 3).`);
  else out.push(`Target (CPU per chat at 3 nodes <= ${CLUSTER_CPU_TARGET} x one PostgreSQL node): ${fixed(three.cost.cpuMs / onePg.cost.cpuMs, 2)} x: **${verdict.met ? "MET" : "NOT MET"}**.`);
  const problems = runs.filter((r) => r.result.lost + r.result.failed + r.failures.accept + r.failures.end + r.failures.done > 0);
  for (const r of problems) out.push(`Problems in ${nameOf(r)}: ${r.result.firstError ?? r.firstFailure ?? `${r.result.lost} offers lost`}.`);
  out.push("");

  const statementRows = growingStatements(runs);
  if (statementRows.length) {
    out.push(
      "The statements that cost the most per chat at the most nodes, beside one node (pg_stat_statements; what grows with the nodes is what the other nodes add):",
      "",
      markdownTable(["statement", ...runs.filter((r) => r.nodes > 0).map((r) => `per chat, ${r.nodes} node(s)`)], statementRows),
      "",
    );
  }

  const basis = runs.filter((r) => r.nodes > 0).at(-1);
  if (basis) out.push(renderCapacity(basis, assumptions));
  return out.join("\n");
}

/** How many statements the most-nodes run's top statements cost per chat in each PostgreSQL run. */
const TOP_STATEMENTS = 8;
const QUERY_CHARS = 90;
function growingStatements(runs: StoreRun[]): string[][] {
  const pgRuns = runs.filter((r) => r.nodes > 0);
  const top = pgRuns.at(-1)?.cost.topStatements?.slice(0, TOP_STATEMENTS) ?? [];
  const oneLine = (q: string) => {
    const flat = q.replace(/\s+/g, " ").trim();
    return `\`${(flat.length > QUERY_CHARS ? `${flat.slice(0, QUERY_CHARS)}…` : flat).replace(/[|`]/g, " ")}\``;
  };
  return top.map(({ query }) => [oneLine(query), ...pgRuns.map((r) => fixed(r.cost.topStatements?.find((t) => t.query === query)?.perChat ?? 0, 2))]);
}

function renderCapacity(basis: StoreRun, a: CapacityAssumptions): string {
  const rows = MODEL_WORKERS.map((workers) => {
    const p = capacityPlan(basis.cost, workers, a);
    return [
      thousands(workers),
      fixed(p.peakChatsPerSecond, 0),
      `${fixed(100 * p.ownerCoreShare, 0)} %${p.ownerFits ? "" : " (over)"}`,
      String(p.nodes),
      fixed(p.postgresCores, 1),
      thousands(p.commitsPerSecond),
      thousands(p.transactionsPerSecond),
      thousands(p.statementsPerSecond),
      thousands(p.redisCommandsPerSecond),
    ];
  });
  return [
    `Capacity model from the ${nameOf(basis)} figures: ${a.chatsPerWorkerHour} chats per worker per busy hour, peak minute ${a.peakFactor} x the hour's average, ` +
      `${100 * a.coreUtilisation} % of a core usable at peak, ${thousands(a.workersPerNode)} connected workers per node, one spare node for a takeover; ` +
      "chats as in this load (no messages). The owner alone runs the connector core on one thread: its share of one core is the ceiling of the design, " +
      `about ${thousands(ownerCeilingWorkers(basis.cost, a))} workers whatever the number of nodes.`,
    "",
    markdownTable(["workers", "peak chats/s", "owner's core at peak", "nodes", "PostgreSQL cores", "write commits/s", "transactions/s", "statements/s", "Redis commands/s"], rows),
  ].join("\n");
}
