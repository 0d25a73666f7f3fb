/**
 * CPU time of a whole process tree from /proc: every process the benchmark started (connector
 * nodes, the PostgreSQL postmaster and its backends, Redis, HAProxy), grouped by what it is.
 * Pure parsing and walking here, tested as tables; `readProcTree` is the one reader of /proc.
 */
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux). */
export const USER_HZ = 100;

export interface ProcStat {
  pid: number;
  ppid: number;
  /** The command name (field 2, without its parentheses; at most 15 characters). */
  comm: string;
  /** utime + stime of the process itself. */
  ownTicks: number;
  /** cutime + cstime: its children that exited and were waited for (PostgreSQL backends that closed). */
  reapedTicks: number;
}

/** One /proc/<pid>/stat line, or undefined when it is not one. */
export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf("(");
  // NOTE: the command name may hold spaces and parentheses; it ends at the LAST ")".
  const close = text.lastIndexOf(")");
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  // Fields from 3 (state) on; utime, stime, cutime, cstime are fields 14-17.
  const fields = text.slice(close + 2).trim().split(" ");
  const [ppid, utime, stime, cutime, cstime] = [fields[1], fields[11], fields[12], fields[13], fields[14]].map(Number);
  if (![pid, ppid, utime, stime, cutime, cstime].every(Number.isFinite)) return undefined;
  return { pid, ppid, comm: text.slice(open + 1, close), ownTicks: utime + stime, reapedTicks: cutime + cstime };
}

/** Every process below `root` (not `root` itself), children before grandchildren. */
export function descendantsOf(root: number, all: readonly ProcStat[]): ProcStat[] {
  const children = new Map<number, ProcStat[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const out: ProcStat[] = [];
  const queue = [...(children.get(root) ?? [])];
  for (let p = queue.shift(); p; p = queue.shift()) {
    out.push(p);
    queue.push(...(children.get(p.pid) ?? []));
  }
  return out;
}

export type Component = "nodes" | "postgres" | "redis" | "haproxy" | "other";
export const COMPONENTS: readonly Component[] = ["nodes", "postgres", "redis", "haproxy", "other"];

/** What a process is, by its command name. */
export function componentOf(comm: string): Component {
  if (comm === "node" || comm.startsWith("node ")) return "nodes";
  // NOTE: runuser is the postmaster's parent when we run as root (PostgreSQL refuses root).
  if (comm === "postgres" || comm === "runuser") return "postgres";
  if (comm.startsWith("redis-server")) return "redis";
  if (comm === "haproxy") return "haproxy";
  return "other";
}

/**
 * CPU seconds so far by component, over a tree's processes. Each process counts its own time
 * and its reaped children's, so a backend that exits between two readings still counts (in its
 * postmaster's reaped time) and nothing counts twice.
 */
export function cpuByComponent(procs: readonly ProcStat[]): Record<Component, number> {
  const out = Object.fromEntries(COMPONENTS.map((c) => [c, 0])) as Record<Component, number>;
  for (const p of procs) out[componentOf(p.comm)] += (p.ownTicks + p.reapedTicks) / USER_HZ;
  return out;
}

/** CPU seconds so far of each connector node's process (by PID). */
export function nodeCpuByPid(procs: readonly ProcStat[]): Map<number, number> {
  return new Map(procs.filter((p) => componentOf(p.comm) === "nodes").map((p) => [p.pid, (p.ownTicks + p.reapedTicks) / USER_HZ]));
}

/** The processes below `root` now (default: this process, the benchmark's driver). */
export function readProcTree(root = process.pid): ProcStat[] {
  const all: ProcStat[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = parseProcStat(readFileSync(`/proc/${name}/stat`, "utf8"));
      if (stat) all.push(stat);
    } catch {
      // NOTE: it exited between the listing and the read; its time is in its parent's reaped time.
    }
  }
  return descendantsOf(root, all);
}
