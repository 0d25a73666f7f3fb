/**
 * `npx tsx bench/request-cost.ts [--requests 4000] [--data-dir DIR] [--profile DIR]`: the server CPU one request
 * of each kind costs, the connector's against bare `node:http` (bench/bare-http-server.ts) in the
 * same run: a read with the API key, a read with a worker's cookie, and a presence change each way
 * (a step: its writes, its disk sync, its reply). Each server runs in its own process and its CPU
 * is read from /proc, 4 requests in flight on keep-alive connections after a warm-up. It says what
 * a chat's four requests cost before any of their work (README, Benchmark). `--profile DIR` writes
 * a CPU profile of the connector while it serves the cookie steps (bench/profile-top.ts reads it).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { cleanUpNow, removeOnExit, startChild, type Child } from "./children";
import { newAgent, request, type RequestOptions } from "./http";
import { parseProcStat, USER_HZ } from "./proc-tree";

const IN_FLIGHT = 4;
const WARM_UP = 300;
const API_KEY = "request-cost-key-0123456789abcdef";

function cpuMicros(pid: number): number {
  const stat = parseProcStat(readFileSync(`/proc/${pid}/stat`, "utf8"));
  if (!stat) throw new Error(`cannot read /proc/${pid}/stat`);
  return (stat.ownTicks * 1e6) / USER_HZ;
}

/** Server CPU per request (µs) over `count` requests made by `send`, IN_FLIGHT at once. */
async function cost(child: Child, count: number, send: (i: number) => Promise<void>): Promise<number> {
  for (let i = 0; i < WARM_UP; i++) await send(i);
  const before = cpuMicros(child.pid);
  let next = 0;
  const lane = async () => {
    while (next < count) await send(next++);
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  return (cpuMicros(child.pid) - before) / count;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { requests: { type: "string" }, "data-dir": { type: "string" }, profile: { type: "string" } } });
  const count = Number(values.requests ?? 4000);
  if (!Number.isInteger(count) || count < 100) throw new Error("--requests: a whole number of at least 100");
  const dir = mkdtempSync(path.join(values["data-dir"] ?? os.tmpdir(), "ucc-request-cost-"));
  removeOnExit(dir);
  const workers = [1, 2].map((n) => ({ id: `w${n}`, name: `Worker ${n}` }));
  writeFileSync(path.join(dir, "config.json"), JSON.stringify({ "sign-in": "dev", workers }));

  const agent = newAgent(IN_FLIGHT);
  const ok = async (url: string, method: string, options: RequestOptions, status = 200) => {
    const reply = await request(url, method, { agent, ...options });
    if (reply.status !== status) throw new Error(`${method} ${url}: HTTP ${reply.status} ${reply.body.slice(0, 200)}`);
    return reply;
  };
  const rows: Array<[string, number]> = [];

  const bare = await startChild("bare-http-server.ts", [], {});
  rows.push(["bare node:http, GET", await cost(bare, count, async () => void (await ok(`${bare.url}/`, "GET", {})))]);
  rows.push(["bare node:http, POST with a JSON body", await cost(bare, count, async () => void (await ok(`${bare.url}/`, "POST", { json: { presence: "busy" } })))]);
  await bare.stop();

  const connector = await startChild("connector-entry.ts", [path.join(dir, "config.json"), path.join(dir, "data")], { UCC_API_KEY: API_KEY, LOG_LEVEL: "silent" });
  const key = { authorization: `Bearer ${API_KEY}` };
  const signIn = await ok(`${connector.url}/signin`, "POST", { form: { worker: "w1" } }, 303);
  const cookie = ([] as string[]).concat(signIn.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).find((c) => c.startsWith("ucc_session="));
  if (!cookie) throw new Error("sign-in gave no session cookie");
  const presence = (i: number) => ({ presence: i % 2 ? "busy" : "dnd" });
  rows.push(["connector GET /api/v1/workers/w2 (API key)", await cost(connector, count, async () => void (await ok(`${connector.url}/api/v1/workers/w2`, "GET", { headers: key })))]);
  rows.push(["connector GET /api/kw/offers (cookie)", await cost(connector, count, async () => void (await ok(`${connector.url}/api/kw/offers`, "GET", { headers: { cookie } })))]);
  rows.push(["connector PUT /api/v1/workers/w2/presence (API key, a step)", await cost(connector, count, async (i) => void (await ok(`${connector.url}/api/v1/workers/w2/presence`, "PUT", { headers: key, json: presence(i) })))]);
  if (values.profile) {
    mkdirSync(values.profile, { recursive: true });
    await connector.profileStart();
  }
  rows.push(["connector PUT /api/kw/presence (cookie, a step)", await cost(connector, count, async (i) => void (await ok(`${connector.url}/api/kw/presence`, "PUT", { headers: { cookie }, json: presence(i) })))]);
  if (values.profile) {
    const file = path.join(values.profile, `connector-steps-${new Date().toISOString().replace(/[:.]/g, "-")}.cpuprofile`);
    await connector.profileStop(file);
    process.stdout.write(`CPU profile of the cookie steps: ${file}\n`);
  }
  await connector.stop();

  const floor = rows[1][1];
  process.stdout.write(`Server CPU per request, ${count} of each, ${IN_FLIGHT} in flight, data dir in ${values["data-dir"] ?? os.tmpdir()}:\n\n`);
  process.stdout.write("| request | server CPU per request (µs) | / bare POST |\n| --- | --- | --- |\n");
  for (const [name, micros] of rows) process.stdout.write(`| ${name} | ${micros.toFixed(0)} | ${(micros / floor).toFixed(2)}x |\n`);
}

main()
  .catch((error) => {
    process.stderr.write(`request-cost: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(cleanUpNow);
