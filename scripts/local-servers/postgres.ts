/**
 * A scratch PostgreSQL (Debian's package) on loopback, in a data dir of its own under the temp
 * dir: initdb, then the postmaster as our child, stopped by its PID. Used by the tests
 * (tests/support/postgres.ts) and by `npm run cluster`, so nothing here is test-only.
 * PostgreSQL refuses to run as root: as root, the dir is handed to the `postgres` user and both
 * programs run through `runuser -u postgres --`.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { freePort } from "./free-port";

const run = promisify(execFile);
const PG_ROOT = "/usr/lib/postgresql";
const PREFERRED_MAJOR = "15";
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;
/** Between two connection attempts while the server starts (it answers in about 0.3 s). */
const READY_POLL_MS = 50;
const ROOT_UID = 0;

export interface LocalPostgres {
  /** The `postgres` database as the `postgres` superuser (trust authentication, loopback only). */
  url: string;
  /** Makes a fresh empty database and resolves with its URL. */
  createDatabase(): Promise<string>;
  /** Stops the postmaster (fast shutdown) by its PID, waits for it to exit, removes the data dir. */
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /**
   * Turn fsync off: for throwaway test data only, never for data anyone keeps.
   * @default false
   */
  fsyncOff?: boolean;
  /** Keep the data here across starts (the local cluster); default a scratch dir removed by stop(). */
  dir?: string;
  /** More server settings, as `-c name=value` pairs (the benchmark loads pg_stat_statements). */
  settings?: Record<string, string>;
}

function binDir(): string {
  const preferred = path.join(PG_ROOT, PREFERRED_MAJOR, "bin");
  if (existsSync(preferred)) return preferred;
  const majors = existsSync(PG_ROOT) ? readdirSync(PG_ROOT).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a)) : [];
  if (majors.length === 0) throw new Error(`PostgreSQL is not installed (no ${PG_ROOT}/*/bin): run scripts/ensure-cluster-deps.sh`);
  return path.join(PG_ROOT, majors[0], "bin");
}

/** [command, args] running `program` as the postgres user when we are root, directly otherwise. */
function asPostgres(program: string, args: string[]): [string, string[]] {
  return process.getuid?.() === ROOT_UID ? ["runuser", ["-u", "postgres", "--", program, ...args]] : [program, args];
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    // NOTE: refused while the postmaster binds, then 57P03 "starting up": both mean not yet.
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function startPostgres(options: StartPostgresOptions = {}): Promise<LocalPostgres> {
  const bin = binDir();
  // NOTE: a kept dir (the local cluster's) survives stop() and is initialised only the first time.
  const kept = options.dir !== undefined;
  const dir = options.dir ?? mkdtempSync(path.join(os.tmpdir(), "ucc-postgres-"));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const remove = () => {
    if (!kept) rmSync(dir, { recursive: true, force: true });
  };
  const data = path.join(dir, "data");
  if (process.getuid?.() === ROOT_UID) execFileSync("chown", ["postgres:postgres", dir]);
  if (!existsSync(path.join(data, "PG_VERSION"))) {
    try {
      await run(...asPostgres(path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"]));
    } catch (error) {
      remove();
      throw error;
    }
  }
  const port = await freePort();
  const settings = ["-c", "listen_addresses=127.0.0.1", "-p", String(port), "-k", dir];
  if (options.fsyncOff) settings.push("-c", "fsync=off");
  for (const [name, value] of Object.entries(options.settings ?? {})) settings.push("-c", `${name}=${value}`);
  const [command, args] = asPostgres(path.join(bin, "postgres"), ["-D", data, ...settings]);
  const child: ChildProcess = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4_000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await answers(url))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      remove();
      throw new Error(`PostgreSQL did not answer on 127.0.0.1:${port} (exit ${child.exitCode}): ${log.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
  }
  // NOTE: under runuser our child is runuser itself; the postmaster's own PID is the first line
  // of postmaster.pid, and SIGINT to it is PostgreSQL's fast shutdown (clients cut, clean exit).
  const postmasterPid = Number(readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n")[0]);
  // NOTE: a process that exits without stop() (a test file that crashed) leaves no server behind:
  // SIGQUIT is PostgreSQL's immediate shutdown, the only kind a synchronous exit handler can ask.
  const onExit = () => {
    try {
      process.kill(postmasterPid, "SIGQUIT");
    } catch {
      // already gone
    }
    remove();
  };
  process.once("exit", onExit);

  let databases = 0;
  return {
    url,
    async createDatabase() {
      const name = `ucc_${process.pid}_${++databases}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      process.off("exit", onExit);
      if (child.exitCode === null) {
        process.kill(postmasterPid, "SIGINT");
        const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), STOP_TIMEOUT_MS))]);
        if (!stopped) {
          process.kill(postmasterPid, "SIGKILL");
          await exited;
        }
      }
      remove();
    },
  };
}
