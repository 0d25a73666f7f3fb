/** What the benchmark ran on, and what a child process costs: memory from /proc, CPU time. */
import { closeSync, fdatasyncSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { percentile } from "./stats";

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  kernel: string;
}

export function machineInfo(): MachineInfo {
  let cpu = os.cpus()[0]?.model ?? "unknown";
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8").split("\n").find((l) => l.startsWith("model name"));
    if (line) cpu = line.split(":")[1].trim();
  } catch {
    // not Linux: keep what os.cpus() said
  }
  return {
    cpu,
    cores: os.cpus().length,
    memoryGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    kernel: `${os.type()} ${os.release()}`,
  };
}

/** The load averages: other work on the machine shows here (2 cores: above ~2 it is busy). */
export function loadNow(): { load1: number; load5: number } {
  const [load1, load5] = os.loadavg();
  return { load1, load5 };
}

/** Fields of /proc/<pid>/status in kB (VmRSS, VmHWM), or undefined once the process is gone. */
function statusKb(pid: number, field: "VmRSS" | "VmHWM"): number | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // NOTE: the command name (field 2) may hold spaces; count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
    return ticks / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/** CPU seconds the whole machine has been busy (all cores), from /proc/stat. */
function machineBusySeconds(): number {
  try {
    const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = cpu; // idle and iowait are not busy
    return (user + nice + system + irq + softirq + steal) / 100;
  } catch {
    return Number.NaN;
  }
}

/**
 * Samples a process's resident memory every 200 ms and keeps the peak; the kernel's own peak
 * (VmHWM) is read as well, and the larger of the two is reported.
 */
export class RssSampler {
  private peakKb = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number, intervalMs = 200) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  private sample(): void {
    const rss = statusKb(this.pid, "VmRSS");
    const hwm = statusKb(this.pid, "VmHWM");
    this.peakKb = Math.max(this.peakKb, rss ?? 0, hwm ?? 0);
  }

  /** Peak resident memory so far, in MiB. */
  peakMiB(): number {
    this.sample();
    return this.peakKb / 1024;
  }

  /** Resident memory now, in MiB. */
  nowMiB(): number {
    return (statusKb(this.pid, "VmRSS") ?? 0) / 1024;
  }

  stop(): void {
    this.sample();
    clearInterval(this.timer);
  }
}

/** The loop-delay monitor ticks this often; it records the time between ticks, resolution included. */
export const LOOP_RESOLUTION_MS = 5;

/** How late a tick was, in ms, from the monitor's nanoseconds between ticks. */
export function lateMs(betweenTicksNs: number): number {
  return Math.max(0, betweenTicksNs / 1e6 - LOOP_RESOLUTION_MS);
}

/** What a phase cost: the server's CPU and the driver's, as % of one core, and the driver's event-loop delay. */
export interface Resources {
  serverCpuPct: number;
  /** CPU seconds the server used in the phase. */
  serverCpuSeconds: number;
  driverCpuPct: number;
  /** CPU used by everything else on the machine meanwhile: other work disturbs the figures. */
  othersCpuPct: number;
  /** p99 of the driver's event-loop delay, ms: high means the driver itself was late to read. */
  driverLoopP99Ms: number;
}

export class PhaseMeter {
  private readonly wallStart = performance.now();
  private readonly serverStart: number | undefined;
  private readonly driverStart = process.cpuUsage();
  private readonly machineStart = machineBusySeconds();
  private readonly loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });

  constructor(private readonly serverPid: number) {
    this.serverStart = cpuSeconds(serverPid);
    this.loop.enable();
  }

  stop(): Resources {
    this.loop.disable();
    const wallSeconds = (performance.now() - this.wallStart) / 1000;
    const serverEnd = cpuSeconds(this.serverPid);
    const driver = process.cpuUsage(this.driverStart);
    const serverCpuSeconds = serverEnd !== undefined && this.serverStart !== undefined ? serverEnd - this.serverStart : Number.NaN;
    const serverCpuPct = (100 * serverCpuSeconds) / wallSeconds;
    const driverCpuPct = (100 * (driver.user + driver.system)) / 1e6 / wallSeconds;
    const machineCpuPct = (100 * (machineBusySeconds() - this.machineStart)) / wallSeconds;
    return {
      serverCpuPct,
      serverCpuSeconds,
      driverCpuPct,
      othersCpuPct: Math.max(0, machineCpuPct - serverCpuPct - driverCpuPct),
      driverLoopP99Ms: lateMs(this.loop.percentile(99)),
    };
  }
}

/** fdatasync latency of a 4 KiB write in `dir` (what each of the store's WAL syncs costs, once per event-loop turn that wrote). */
export function fsyncProbe(dir: string, count = 200): { p50: number; p99: number } {
  const file = path.join(dir, `.ucc-bench-fsync-${process.pid}`);
  const fd = openSync(file, "w");
  const block = Buffer.alloc(4096, 1);
  const times: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const start = performance.now();
      writeSync(fd, block);
      fdatasyncSync(fd);
      times.push(performance.now() - start);
    }
  } finally {
    closeSync(fd);
    unlinkSync(file);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}
