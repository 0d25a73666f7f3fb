/**
 * The `--nodes` figures that do not depend on cores: what one chat costs in CPU (over every
 * process), PostgreSQL commits and statements, and Redis commands and PUBLISHes; counters read
 * before and after a phase, their differences divided by the chats. Pure; tested as tables.
 */
import { COMPONENTS, type Component } from "./proc-tree";

/** The target: CPU per chat at 3 nodes at most this many times one PostgreSQL node's. */
export const CLUSTER_CPU_TARGET = 1.5;

/** Cumulative counters at one moment; those a run does not have (SQLite: no database server) are absent. */
export interface Counters {
  /** CPU seconds by component, over every process the benchmark started. */
  cpu: Record<Component, number>;
  /** CPU seconds of each connector node's process, by PID: the owner is the busiest. */
  nodeCpu: Map<number, number>;
  /** pg_stat_database.xact_commit of the connector's database. */
  commits?: number;
  /** Statements PostgreSQL ran for the connector (pg_stat_statements calls; BEGIN and COMMIT included). */
  statements?: number;
  /** Explicit write transactions: the COMMIT statements among them. */
  writeCommits?: number;
  /** Calls by statement text (pg_stat_statements' normalised query), to name what grows with the nodes. */
  statementsByQuery?: Map<string, number>;
  /** Redis commands (INFO commandstats calls, the benchmark's own INFO left out). */
  redisCommands?: number;
  redisPublishes?: number;
}

export interface PerChat {
  chats: number;
  /** CPU ms per chat, total and by component. */
  cpuMs: number;
  cpuMsBy: Record<Component, number>;
  /** CPU ms per chat of the busiest node: the owner, which alone runs the connector core. */
  busiestNodeMs: number;
  commits?: number;
  statements?: number;
  writeCommits?: number;
  /** Calls per chat by statement text, most first. */
  topStatements?: Array<{ query: string; perChat: number }>;
  redisCommands?: number;
  redisPublishes?: number;
}

/** The statement total and the COMMITs (write transactions) from pg_stat_statements' calls by query. */
export function statementCounts(byQuery: Map<string, number>): { statements: number; writeCommits: number } {
  let statements = 0;
  let writeCommits = 0;
  for (const [query, calls] of byQuery) {
    statements += calls;
    if (/^\s*commit\s*;?\s*$/i.test(query)) writeCommits += calls;
  }
  return { statements, writeCommits };
}

/** Calls per chat by statement between two readings, most first, those called at least once. */
export function statementsPerChat(before: Map<string, number>, after: Map<string, number>, chats: number): Array<{ query: string; perChat: number }> {
  return [...after]
    .map(([query, calls]) => ({ query, perChat: (calls - (before.get(query) ?? 0)) / chats }))
    .filter((s) => s.perChat > 0)
    .sort((a, b) => b.perChat - a.perChat);
}

/** Calls per command from Redis's `INFO commandstats` (lines `cmdstat_publish:calls=12,usec=...`). */
export function parseCommandStats(info: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const [, command, calls] of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) out.set(command.toLowerCase(), Number(calls));
  return out;
}

/** Redis commands in total and PUBLISHes, without the INFO the benchmark reads them with. */
export function redisCounts(stats: Map<string, number>): { commands: number; publishes: number } {
  let commands = 0;
  for (const [command, calls] of stats) if (command !== "info") commands += calls;
  return { commands, publishes: (stats.get("publish") ?? 0) + (stats.get("spublish") ?? 0) };
}

const optionalDelta = (before: number | undefined, after: number | undefined, chats: number) =>
  before === undefined || after === undefined ? undefined : (after - before) / chats;

/** What each chat cost between two readings. */
export function perChat(before: Counters, after: Counters, chats: number): PerChat {
  if (!(chats > 0)) throw new Error("perChat: no chats were measured");
  const cpuMsBy = Object.fromEntries(COMPONENTS.map((c) => [c, ((after.cpu[c] - before.cpu[c]) * 1000) / chats])) as Record<Component, number>;
  return {
    chats,
    cpuMs: COMPONENTS.reduce((total, c) => total + cpuMsBy[c], 0),
    cpuMsBy,
    busiestNodeMs: Math.max(0, ...[...after.nodeCpu].map(([pid, seconds]) => ((seconds - (before.nodeCpu.get(pid) ?? 0)) * 1000) / chats)),
    commits: optionalDelta(before.commits, after.commits, chats),
    statements: optionalDelta(before.statements, after.statements, chats),
    writeCommits: optionalDelta(before.writeCommits, after.writeCommits, chats),
    ...(before.statementsByQuery && after.statementsByQuery ? { topStatements: statementsPerChat(before.statementsByQuery, after.statementsByQuery, chats) } : {}),
    redisCommands: optionalDelta(before.redisCommands, after.redisCommands, chats),
    redisPublishes: optionalDelta(before.redisPublishes, after.redisPublishes, chats),
  };
}

export interface CpuVerdict {
  /** CPU per chat at the most nodes measured / at one PostgreSQL node. */
  ratio: number;
  nodes: number;
  /** Undefined when fewer than 3 nodes ran: the target is about 3. */
  met?: boolean;
}

/** The target's verdict from CPU ms per chat by node count (1 = one PostgreSQL node). */
export function cpuVerdict(cpuMsByNodes: ReadonlyMap<number, number>): CpuVerdict | undefined {
  const one = cpuMsByNodes.get(1);
  const nodes = Math.max(...cpuMsByNodes.keys());
  const most = cpuMsByNodes.get(nodes);
  if (one === undefined || most === undefined || !(one > 0)) return undefined;
  const ratio = most / one;
  return { ratio, nodes, met: nodes >= 3 ? cpuMsByNodes.get(3)! / one <= CLUSTER_CPU_TARGET : undefined };
}
