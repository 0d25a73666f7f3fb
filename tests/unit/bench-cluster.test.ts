/**
 * The `--nodes` benchmark's pure parts: /proc/<pid>/stat parsing and the process-tree walk
 * (bench/proc-tree.ts), the per-chat arithmetic and the target (bench/cluster-figures.ts), and
 * the capacity model (bench/capacity-model.ts). No test runs the benchmark itself.
 */
import { describe, expect, it } from "vitest";
import { capacityPlan, ownerCeilingWorkers } from "../../bench/capacity-model";
import { cpuVerdict, parseCommandStats, perChat, redisCounts, statementCounts, statementsPerChat, type Counters } from "../../bench/cluster-figures";
import { componentOf, cpuByComponent, descendantsOf, nodeCpuByPid, parseProcStat, type ProcStat } from "../../bench/proc-tree";

// A real line's shape: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime ...
const statLine = (pid: number, comm: string, ppid: number, utime: number, stime: number, cutime = 0, cstime = 0) =>
  `${pid} (${comm}) S ${ppid} ${pid} ${pid} 0 -1 4194560 1200 0 0 0 ${utime} ${stime} ${cutime} ${cstime} 20 0 1 0 5000 1000000 300 18446744073709551615`;

const proc = (pid: number, ppid: number, comm: string, own: number, reaped = 0): ProcStat => ({ pid, ppid, comm, ownTicks: own, reapedTicks: reaped });

describe("/proc/<pid>/stat", () => {
  it("reads the pid, parent, name and CPU ticks, its own and its reaped children's", () => {
    expect(parseProcStat(statLine(42, "postgres", 7, 150, 50, 30, 20))).toEqual({ pid: 42, ppid: 7, comm: "postgres", ownTicks: 200, reapedTicks: 50 });
  });

  it("takes a name with spaces and parentheses whole, up to the last parenthesis", () => {
    expect(parseProcStat(statLine(9, "a (b) c", 1, 3, 4))).toMatchObject({ pid: 9, ppid: 1, comm: "a (b) c", ownTicks: 7 });
  });

  it("refuses what is not a stat line", () => {
    expect(parseProcStat("")).toBeUndefined();
    expect(parseProcStat("12 (x) S")).toBeUndefined();
  });
});

describe("the process tree", () => {
  const all = [
    proc(1, 0, "init", 999),
    proc(100, 1, "node", 50), // the driver
    proc(101, 100, "node", 300), // a connector node
    proc(102, 100, "runuser", 1),
    proc(103, 102, "postgres", 20, 500), // the postmaster, its exited backends reaped
    proc(104, 103, "postgres", 80), // a backend
    proc(105, 100, "redis-server", 10),
    proc(106, 100, "haproxy", 5),
    proc(200, 1, "postgres", 7777), // someone else's PostgreSQL
  ];

  it("finds every process below the root, and nothing beside it", () => {
    expect(descendantsOf(100, all).map((p) => p.pid).sort()).toEqual([101, 102, 103, 104, 105, 106]);
    expect(descendantsOf(104, all)).toEqual([]);
  });

  it("names what each process is", () => {
    expect(["node", "postgres", "runuser", "redis-server", "haproxy", "sh"].map(componentOf)).toEqual(["nodes", "postgres", "postgres", "redis", "haproxy", "other"]);
  });

  it("sums CPU seconds by component, reaped children's time included once", () => {
    expect(cpuByComponent(descendantsOf(100, all))).toEqual({ nodes: 3, postgres: 6.01, redis: 0.1, haproxy: 0.05, other: 0 });
    expect(nodeCpuByPid(descendantsOf(100, all))).toEqual(new Map([[101, 3]]));
  });
});

describe("per chat", () => {
  const cpu = (nodes: number, postgres: number) => ({ nodes, postgres, redis: 0.5, haproxy: 0.1, other: 0 });
  const before: Counters = { cpu: cpu(10, 2), nodeCpu: new Map([[1, 8], [2, 2]]), commits: 100, statements: 1000, redisCommands: 50, redisPublishes: 20 };
  const after: Counters = { cpu: cpu(14, 3), nodeCpu: new Map([[1, 11], [2, 3], [3, 0.5]]), commits: 700, statements: 4000, redisCommands: 250, redisPublishes: 120 };

  it("divides each counter's difference by the chats", () => {
    const c = perChat(before, after, 100);
    expect(c.cpuMs).toBeCloseTo(50);
    expect(c.cpuMsBy.nodes).toBeCloseTo(40);
    expect(c.cpuMsBy.postgres).toBeCloseTo(10);
    expect(c.busiestNodeMs).toBeCloseTo(30);
    expect([c.commits, c.statements, c.redisCommands, c.redisPublishes]).toEqual([6, 30, 2, 1]);
  });

  it("leaves out what a run has not got (SQLite: no database server, no Redis)", () => {
    const c = perChat({ cpu: cpu(1, 0), nodeCpu: new Map() }, { cpu: cpu(2, 0), nodeCpu: new Map() }, 10);
    expect(c.commits).toBeUndefined();
    expect(c.redisPublishes).toBeUndefined();
  });

  it("refuses a phase without chats", () => {
    expect(() => perChat(before, after, 0)).toThrow(/no chats/);
  });

  it("counts Redis commands without the benchmark's own INFO, and PUBLISHes apart", () => {
    const info = "# Commandstats\r\ncmdstat_publish:calls=120,usec=300,usec_per_call=2.5\r\ncmdstat_hset:calls=30,usec=60\r\ncmdstat_info:calls=9,usec=900\r\n";
    expect(redisCounts(parseCommandStats(info))).toEqual({ commands: 150, publishes: 120 });
  });

  it("meets the target when 3 nodes cost at most 1.5 x one PostgreSQL node per chat, and says nothing below 3 nodes", () => {
    expect(cpuVerdict(new Map([[1, 20], [2, 24], [3, 30]]))).toEqual({ ratio: 1.5, nodes: 3, met: true });
    expect(cpuVerdict(new Map([[1, 20], [3, 31]]))?.met).toBe(false);
    expect(cpuVerdict(new Map([[1, 20], [2, 25]]))?.met).toBeUndefined();
  });
});

describe("the capacity model", () => {
  const cost = { chats: 100, cpuMs: 30, cpuMsBy: { nodes: 20, postgres: 6, redis: 2, haproxy: 2, other: 0 }, busiestNodeMs: 12, commits: 9, writeCommits: 5, statements: 25, redisCommands: 12, redisPublishes: 10 };

  it("turns per-chat costs into peak rates, the owner's core, nodes and PostgreSQL", () => {
    const plan = capacityPlan(cost, 100_000, { chatsPerWorkerHour: 6, peakFactor: 2, coreUtilisation: 0.5, workersPerNode: 10_000 });
    expect(plan.peakChatsPerSecond).toBeCloseTo(333.33);
    expect(plan.ownerCoreShare).toBeCloseTo(4); // 333 chats/s x 12 ms
    expect(plan.ownerFits).toBe(false);
    // The other nodes' 8 ms x 333/s = 2.67 cores at 50 %: 6 nodes + the owner, 10 for the connections, + 1 spare.
    expect(plan.nodes).toBe(11);
    expect(plan.postgresCores).toBeCloseTo(4);
    expect(plan.commitsPerSecond).toBeCloseTo(1666.67);
    expect(plan.transactionsPerSecond).toBeCloseTo(3000);
  });

  it("puts the one owner's ceiling in workers, whatever the nodes", () => {
    // 0.6 x 1000 / 12 ms = 50 chats/s; at 6 chats an hour and a peak of 2: 15,000 workers.
    expect(ownerCeilingWorkers(cost, { chatsPerWorkerHour: 6, peakFactor: 2, coreUtilisation: 0.6, workersPerNode: 10_000 })).toBeCloseTo(15_000);
  });
});

describe("statements", () => {
  const before = new Map([["BEGIN", 10], ["COMMIT", 10], ["SELECT 1 FROM x WHERE id = $1", 40]]);
  const after = new Map([["BEGIN", 30], ["COMMIT", 30], ["SELECT 1 FROM x WHERE id = $1", 100], ["UPDATE y SET a = $1", 5]]);

  it("counts every statement and the COMMITs (write transactions) among them", () => {
    expect(statementCounts(after)).toEqual({ statements: 165, writeCommits: 30 });
  });

  it("names the statements per chat, most first, new ones included", () => {
    expect(statementsPerChat(before, after, 10)).toEqual([
      { query: "SELECT 1 FROM x WHERE id = $1", perChat: 6 },
      { query: "BEGIN", perChat: 2 },
      { query: "COMMIT", perChat: 2 },
      { query: "UPDATE y SET a = $1", perChat: 0.5 },
    ]);
  });
});
