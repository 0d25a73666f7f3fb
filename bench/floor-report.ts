/**
 * The connector against both baselines of the same run: bare faye (nothing kept: what users feel
 * against a plain Bayeux server) and the durable floor (faye that keeps each publish on disk first:
 * the least any durable server pays on this disk, so the distance to it is what can still be won).
 */
import type { BaselineRun, ConnectorRun } from "./report";
import { markdownTable, ms } from "./stats";

/** CPU time per send in µs (per chat for the connector, per publish for the baselines). */
export const cpuPerSendUs = (run: { result: { sent: number }; resources: { serverCpuSeconds: number } }) =>
  run.result.sent > 0 ? (run.resources.serverCpuSeconds * 1e6) / run.result.sent : Number.NaN;

/** Pushes to subscribed channels per chat, paced phase (what a chat asks of Bayeux). */
export const pushesPerChat = (connector: ConnectorRun) => {
  const a = connector.paced.activity;
  return a && connector.paced.result.sent > 0 ? a.pushes / connector.paced.result.sent : Number.NaN;
};

const x = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}x` : "-");
const n = (v: number, digits = 0) => (Number.isFinite(v) ? v.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }) : "-");

/** One row per figure: connector, bare faye, durable floor, and the connector's ratio to each. */
export function renderFloorComparison(baseline: BaselineRun, floor: BaselineRun, connector: ConnectorRun): string {
  const rows: string[][] = [];
  const add = (what: string, c: number, b: number, f: number, show: (v: number) => string) =>
    rows.push([what, show(c), show(b), show(f), `**${x(c / b)}**`, `**${x(c / f)}**`]);
  for (const key of ["p50", "p99"] as const) {
    add(`paced create -> Preview ${key} (ms)`, connector.paced.result.latency[key], baseline.paced.result.latency[key], floor.paced.result.latency[key], ms);
  }
  add("burst throughput (chats/s at saturation)", connector.burst.result.sentPerSecond, baseline.burst.result.sentPerSecond, floor.burst.result.sentPerSecond, (v) => n(v));
  add("CPU per chat, paced (µs)", cpuPerSendUs(connector.paced), cpuPerSendUs(baseline.paced), cpuPerSendUs(floor.paced), (v) => n(v));
  add("CPU per chat, burst (µs)", cpuPerSendUs(connector.burst), cpuPerSendUs(baseline.burst), cpuPerSendUs(floor.burst), (v) => n(v));
  const table = markdownTable(["figure", "connector", "bare faye", "durable floor", "connector / faye (what users feel)", "connector / floor (what can still be won)"], rows);
  const per = (phase: "paced" | "burst") => {
    const a = connector[phase].activity;
    const sent = connector[phase].result.sent;
    return a && sent > 0 ? `${phase}: ${n(a.pushes / sent, 2)} pushes, ${n(a.commits / sent, 2)} commits, ${n(a.syncs / sent, 2)} disk syncs` : `${phase}: -`;
  };
  return [
    "The connector against both baselines (a baseline's chat is one publish; the connector's is create, offer, accept, end, done):",
    "",
    table,
    "",
    `Per chat, the connector made (its /metrics): ${per("paced")}; ${per("burst")}.`,
  ].join("\n");
}
