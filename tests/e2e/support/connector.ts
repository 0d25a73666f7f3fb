/**
 * A real connector (server.ts, production mode) as a child process, for the browser tests: a free
 * port, a fresh data directory, a known API key. Tests may stop it, kill it (-9) and restart it on
 * the same port and data directory.
 */
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import https from "node:https";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../support/free-port";

export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
export const TEST_API_KEY = "e2e-test-api-key-0123456789abcdef";

const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 7_000;
const OUTPUT_LIMIT = 20_000;
/** What server.ts prints once it listens (lib/config/start-banner.ts). */
const READY_BANNER = "UC Connector ready at ";
/** Free ports tried when another process takes the one picked before the connector listens. */
const PORT_ATTEMPTS = 3;

export interface WorkerJson {
  id: string;
  name: string;
  presence: string;
  windows: number;
  interactions: string[];
}

export interface EventJson {
  seq: number;
  at: string;
  type: string;
  worker: string;
  interaction?: string;
  reasons?: Record<string, string>;
}

/** A port nobody listens on now (shared with the Vitest suites). */
export { freePort };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Connector {
  readonly apiKey = TEST_API_KEY;
  private child: ChildProcess | undefined;
  private output = "";
  /** Set while the test itself stops it: any other exit is a crash, and what it printed is shown. */
  private stopping = false;

  private constructor(
    readonly port: number,
    readonly dataDir: string,
    private readonly configFile: string | undefined,
    private readonly extra: { args: string[]; env: Record<string, string>; https: boolean } = { args: [], env: {}, https: false },
  ) {}

  /**
   * Starts a connector on a free port (or `port`) with a fresh data directory: the demo
   * configuration, the demo configuration with some `routing` options changed, or the demo
   * configuration with `config` merged over it; `args` go to server.ts (`--cert-store-file`…),
   * with `https` when they make it serve HTTPS.
   */
  static async start(
    options: { routing?: Record<string, string | number | string[]>; config?: Record<string, unknown>; port?: number; args?: string[]; env?: Record<string, string>; https?: boolean } = {},
  ): Promise<Connector> {
    for (let attempt = 1; ; attempt++) {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), "ucc-e2e-"));
      let configFile: string | undefined;
      if (options.routing || options.config) {
        const demo = JSON.parse(readFileSync(path.join(REPO_ROOT, "config", "demo.json"), "utf8")) as Record<string, unknown>;
        configFile = path.join(dataDir, "config.json");
        writeFileSync(configFile, JSON.stringify({ ...demo, ...(options.routing ? { routing: options.routing } : {}), ...options.config }));
      }
      const connector = new Connector(options.port ?? (await freePort()), dataDir, configFile, {
        args: options.args ?? [],
        env: options.env ?? {},
        https: Boolean(options.https),
      });
      try {
        await connector.launch();
        return connector;
      } catch (error) {
        await connector.dispose();
        // NOTE: the machine is shared: another process may take the free port between freePort()
        // and the connector's listen (its start takes a second or two). Another port then.
        if (options.port === undefined && attempt < PORT_ATTEMPTS && /EADDRINUSE/.test(String(error))) continue;
        throw error;
      }
    }
  }

  get url(): string {
    return `${this.extra.https ? "https" : "http"}://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** What the server printed (stdout and stderr, the last part). */
  get log(): string {
    return this.output;
  }

  private async launch(): Promise<void> {
    if (this.running) throw new Error("the connector is running already");
    this.output = "";
    // The tests rely on the demo configuration (kw1 "Alex Morgan", dev sign-in): drop any outside
    // UCC_CONFIG; a test that changes options passes its own file, made from the demo one.
    const { UCC_CONFIG: _ignored, ...inherited } = process.env;
    const child = spawn(process.execPath, ["--import", "tsx", "server.ts", ...this.extra.args], {
      cwd: REPO_ROOT,
      env: {
        ...inherited,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        PORT: String(this.port),
        HOST: "127.0.0.1",
        UCC_DATA_DIR: this.dataDir,
        UCC_API_KEY: this.apiKey,
        LOG_LEVEL: "warn",
        ...(this.configFile ? { UCC_CONFIG: this.configFile } : {}),
        ...this.extra.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString("utf8")).slice(-OUTPUT_LIMIT);
    };
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    this.stopping = false;
    let started = false;
    child.once("exit", (code, signal) => {
      // NOTE: an exit during start is reported by the error below.
      if (this.stopping || !started) return;
      process.stderr.write(`\nthe connector on port ${this.port} exited by itself (code ${code}, signal ${signal}); its last output:\n${this.output}\n`);
    });

    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (!this.running) {
        throw new Error(`the connector exited during start (code ${child.exitCode}, signal ${child.signalCode}):\n${this.output}`);
      }
      try {
        // NOTE: the banner says this child is the one listening: when another process took the
        // port first, this one exits with EADDRINUSE while /healthz answers from the other.
        if (this.output.includes(READY_BANNER) && (await this.healthStatus()) === 200) {
          started = true;
          return;
        }
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    this.stopping = true;
    child.kill("SIGKILL");
    throw new Error(`the connector did not answer GET /healthz with 200 within ${START_TIMEOUT_MS} ms:\n${this.output}`);
  }

  /** GET /healthz; over HTTPS the test's own certificate is not checked here (the tests that care check it). */
  private healthStatus(): Promise<number> {
    return new Promise((resolve, reject) => {
      const options = { timeout: 2_000, ...(this.extra.https ? { rejectUnauthorized: false } : {}) };
      const req = (this.extra.https ? https : http).get(`${this.url}/healthz`, options, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("timeout", () => req.destroy(new Error("timed out")));
      req.on("error", reject);
    });
  }

  private async waitForExit(ms: number): Promise<boolean> {
    const child = this.child;
    if (!child || !this.running) return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** SIGTERM (a clean stop), then SIGKILL if it does not exit in time. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.stopping = true;
    this.child!.kill("SIGTERM");
    if (!(await this.waitForExit(STOP_GRACE_MS))) {
      this.child!.kill("SIGKILL");
      await this.waitForExit(STOP_GRACE_MS);
    }
  }

  /** SIGKILL: a crash, with no chance to close anything. */
  async kill9(): Promise<void> {
    if (!this.running) return;
    this.stopping = true;
    this.child!.kill("SIGKILL");
    await this.waitForExit(STOP_GRACE_MS);
  }

  /** Starts again on the same port and data directory (after stop() or kill9(); stops it first otherwise). */
  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  /** Stops it and removes its data directory. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** A call to the integration API with the API key; throws unless the status is 2xx. */
  async api<T>(method: string, pathname: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}${pathname}`, {
      method,
      headers: {
        authorization: `Bearer ${this.apiKey}`,
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${pathname}: HTTP ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  worker(id: string): Promise<WorkerJson> {
    return this.api<WorkerJson>("GET", `/api/v1/workers/${encodeURIComponent(id)}`);
  }

  setPresenceFromUc(id: string, presence: string): Promise<WorkerJson> {
    return this.api<WorkerJson>("PUT", `/api/v1/workers/${encodeURIComponent(id)}/presence`, { presence });
  }

  events(after = 0): Promise<EventJson[]> {
    return this.api<EventJson[]>("GET", `/api/v1/events?after=${after}`);
  }
}
