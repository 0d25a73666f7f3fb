#!/usr/bin/env node
// `npm start`: builds the web client when its sources changed since the last build, then runs
// the connector (the custom server) in production mode. Flags after `--` go to the server.
import { spawn } from "node:child_process";
import { ensureBuilt } from "./build-if-stale.mjs";

process.env.NEXT_TELEMETRY_DISABLED = "1";
await ensureBuilt();

const server = spawn(process.execPath, ["--import", "tsx", "server.ts", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
