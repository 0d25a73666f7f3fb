/**
 * `npx tsx bench/profile-top.ts FILE.cpuprofile [--top 10]`: the functions with the most self time
 * in a CPU profile (`npm run bench -- --profile DIR` writes one of the connector's paced phase), as
 * a markdown table: share of the busy samples ("(idle)", the loop waiting, and the benchmark's own
 * probe are left out),
 * milliseconds, function and where it is (package or file); then the same summed by where.
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import { markdownTable } from "./stats";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Where a frame lives: the npm package, the project's own file, or Node's internals. NOTE: no line
 * numbers: tsx's generated code does not keep the source's lines.
 */
export function placeOf(url: string): string {
  if (!url) return "(native)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith("node:")) return url;
  const own = /\/(lib|bench|server)\b(.*)$/.exec(url);
  return own ? `${own[1]}${own[2]}` : url;
}

/** Self time per function (by name and place), largest first. */
export function selfTimes(profile: CpuProfile): Array<{ name: string; place: string; ms: number; share: number }> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // NOTE: the benchmark's own probe (the profiler starting: seconds of "dispatch") is not the connector's work.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const probe = new Set<number>();
  for (const n of profile.nodes) {
    for (let at: number | undefined = n.id; at !== undefined; at = parent.get(at)) {
      if (byId.get(at)?.callFrame.url.endsWith("bench/children.ts")) {
        probe.add(n.id);
        break;
      }
    }
  }
  const totals = new Map<string, { name: string; place: string; us: number }>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === "(idle)" || probe.has(id)) return;
    all += us;
    const name = frame.functionName || "(anonymous)";
    const place = placeOf(frame.url);
    const key = `${name} ${place}`;
    const entry = totals.get(key) ?? { name, place, us: 0 };
    entry.us += us;
    totals.set(key, entry);
  });
  return [...totals.values()].sort((a, b) => b.us - a.us).map((t) => ({ name: t.name, place: t.place, ms: t.us / 1000, share: t.us / all }));
}

if (process.argv[1]?.endsWith("profile-top.ts")) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: "string", default: "10" } } });
  if (!positionals[0]) throw new Error("usage: profile-top.ts FILE.cpuprofile [--top 10]");
  const times = selfTimes(JSON.parse(fs.readFileSync(positionals[0], "utf8")) as CpuProfile);
  const pct = (share: number) => `${(share * 100).toFixed(1)} %`;
  const top = times.slice(0, Number(values.top));
  const byPlace = new Map<string, { ms: number; share: number }>();
  for (const t of times) {
    const where = t.place;
    const entry = byPlace.get(where) ?? { ms: 0, share: 0 };
    entry.ms += t.ms;
    entry.share += t.share;
    byPlace.set(where, entry);
  }
  const places = [...byPlace].sort((a, b) => b[1].ms - a[1].ms).slice(0, Number(values.top));
  process.stdout.write(
    [
      `Busy CPU in the profile: ${times.reduce((total, t) => total + t.ms, 0).toFixed(0)} ms.`,
      "",
      markdownTable(["self time", "ms", "function", "where"], top.map((r) => [pct(r.share), r.ms.toFixed(0), `\`${r.name}\``, r.place])),
      "",
      markdownTable(["self time", "ms", "where"], places.map(([where, t]) => [pct(t.share), t.ms.toFixed(0), where])),
    ].join("\n") + "\n",
  );
}
