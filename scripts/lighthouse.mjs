#!/usr/bin/env node
// `npm run lighthouse -- [--url http://127.0.0.1:3000] [--runs 3] [--worker kw1]`: Lighthouse's
// performance category on its default (mobile) preset, against Debian's Chromium, for `/` and
// `/extension` of a running connector with the demo configuration, signed in as a demo worker, and
// the customer's `/chat`.
// Lighthouse is fetched by npx (pinned: 13 needs Node 22), not kept as a dependency.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const LIGHTHOUSE = "lighthouse@12.2.3";
const METRICS = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index"];
const { values } = parseArgs({ options: { url: { type: "string", default: "http://127.0.0.1:3000" }, runs: { type: "string", default: "3" }, worker: { type: "string", default: "kw1" } } });
const base = values.url.replace(/\/$/, "");

/** The demo's dev sign-in: a POST from its form, or (older connectors) a GET link. */
async function signIn() {
  const attempts = [
    () => fetch(`${base}/signin`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", origin: base }, body: new URLSearchParams({ worker: values.worker }) }),
    () => fetch(`${base}/signin?worker=${encodeURIComponent(values.worker)}`, { redirect: "manual" }),
  ];
  for (const attempt of attempts) {
    const response = await attempt();
    const cookie = response.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.startsWith("ucc_session="));
    if (cookie) return cookie;
  }
  throw new Error(`could not sign in as ${values.worker} at ${base} (is it the demo configuration?)`);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cookie = await signIn();
const dir = mkdtempSync(path.join(os.tmpdir(), "ucc-lighthouse-"));
try {
  process.stdout.write(`load average before: ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}\n`);
  for (const pathname of ["/", "/extension", "/chat"]) {
    const runs = [];
    for (let i = 0; i < Number(values.runs); i++) {
      const out = path.join(dir, `run-${i}.json`);
      execFileSync("npx", ["-y", LIGHTHOUSE, `${base}${pathname}`, "--only-categories=performance", `--extra-headers=${JSON.stringify({ Cookie: cookie })}`,
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage", "--output=json", `--output-path=${out}`, "--quiet"],
        { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? "/usr/bin/chromium" } });
      const report = JSON.parse(readFileSync(out, "utf8"));
      runs.push({ score: report.categories.performance.score, ...Object.fromEntries(METRICS.map((m) => [m, report.audits[m].numericValue])) });
    }
    const row = [`performance ${median(runs.map((r) => r.score)).toFixed(2)} (runs: ${runs.map((r) => r.score.toFixed(2)).join(", ")})`];
    for (const m of METRICS) row.push(`${m} ${m === "cumulative-layout-shift" ? median(runs.map((r) => r[m])).toFixed(3) : `${Math.round(median(runs.map((r) => r[m])))} ms`}`);
    process.stdout.write(`${pathname}: ${row.join(", ")}\n`);
  }
  process.stdout.write(`load average after: ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
