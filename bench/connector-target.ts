/**
 * The connector as a benchmark target: a generated configuration with N workers, the connector in
 * its own process, N signed-in workers Available and subscribed to their offers, and what each
 * worker does with an offer: accept it at once, hold the chat a moment, then the customer ends it
 * (integration API) and the worker finishes it (done), so its capacity is free again.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { removeOnExit, startChild, type Child } from "./children";
import { ConnectorApi, type WorkerSession } from "./connector-api";
import { closeIdleConnections, inBatches } from "./http";
import { Receipts, sleep, type Send } from "./load";
import { connectAll, disconnectAll, type ClientSpec, type SimulatedClient, type Transport } from "./workers";

export interface ConnectorTargetOptions {
  workers: number;
  maxChats: number;
  /** How long a worker holds an accepted chat before it is ended and done. */
  holdMs: number;
  /** Where the temp data dir is made (default: the OS temp dir). */
  dataParent?: string;
  transport: Transport;
  /** Extra Node options for the connector's process (e.g. --cpu-prof). */
  nodeArgs?: string[];
  /**
   * Several nodes behind HAProxy (`--nodes`): the node worker i's browser is pinned to, by
   * HAProxy's stickiness cookie on all its requests (its /cometd above all); unset: one node.
   */
  pinOf?: (workerIndex: number) => string;
}

/** What one phase's workers did with their offers. */
export class OfferHandling {
  readonly receipts = new Receipts();
  /** Accept sent -> HTTP 200, in ms. */
  readonly acceptMs: number[] = [];
  readonly failures = { accept: 0, end: 0, done: 0 };
  firstFailure?: string;
  /** The most chats between offer and done at once; below N x max-chats, no chat waits for a worker. */
  peakInFlight = 0;
  private readonly running = new Set<Promise<void>>();

  track(work: Promise<void>): void {
    this.running.add(work);
    this.peakInFlight = Math.max(this.peakInFlight, this.running.size);
    void work.finally(() => this.running.delete(work));
  }

  fail(step: keyof OfferHandling["failures"], error: unknown): void {
    this.failures[step]++;
    this.firstFailure ??= `${step}: ${error instanceof Error ? error.message : String(error)}`;
  }

  /** Waits until every accepted chat is done (or timeoutMs). */
  async settle(timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (this.running.size > 0 && performance.now() < deadline) await sleep(50);
  }
}

export const workerId = (i: number, n: number) => `w${String(i + 1).padStart(Math.max(4, String(n).length), "0")}`;

export class ConnectorTarget {
  child!: Child;
  api!: ConnectorApi;
  /** The phase the workers report to now. */
  handling = new OfferHandling();
  private clients: SimulatedClient[] = [];
  private readonly sessions = new Map<string, WorkerSession>();
  private readonly dataDir: string;

  constructor(private readonly options: ConnectorTargetOptions) {
    this.dataDir = mkdtempSync(path.join(options.dataParent ?? os.tmpdir(), "ucc-bench-"));
    removeOnExit(this.dataDir);
  }

  get dataDirectory(): string {
    return this.dataDir;
  }

  /** Writes the generated configuration (N workers) into the data dir; resolves with its file. */
  writeConfig(): string {
    const { workers, maxChats } = this.options;
    const config = {
      "sign-in": "dev",
      routing: { "max-chats": maxChats, "preview-timeout": 60 },
      workers: Array.from({ length: workers }, (_, i) => ({ id: workerId(i, workers), name: `Bench Worker ${i + 1}` })),
    };
    const configFile = path.join(this.dataDir, "bench-config.json");
    writeFileSync(configFile, JSON.stringify(config));
    return configFile;
  }

  /** Drives connector nodes started elsewhere (bench/cluster-stack.ts), reached at `url` with `apiKey`. */
  attach(url: string, apiKey: string): void {
    this.api = new ConnectorApi(url, apiKey);
  }

  async start(): Promise<void> {
    const configFile = this.writeConfig();
    const apiKey = randomBytes(24).toString("base64url");
    const env = { UCC_API_KEY: apiKey, LOG_LEVEL: "silent", NODE_ENV: "production", BENCH_TEMP_DIR: this.dataDir };
    this.child = await startChild("connector-entry.ts", [configFile, path.join(this.dataDir, "data")], env, this.options.nodeArgs);
    this.api = new ConnectorApi(this.child.url, apiKey);
  }

  /**
   * Signs workers [from, to) in, makes them Available and subscribes each to its own offers; the
   * benchmark connects them in two halves to read the connector's memory between.
   */
  async connectWorkers(from: number, to: number): Promise<void> {
    const n = this.options.workers;
    const ids = Array.from({ length: to - from }, (_, i) => workerId(from + i, n));
    const specs: ClientSpec[] = await inBatches(ids, 16, async (id, i) => {
      const signedIn = await this.api.signIn(id);
      const pin = this.options.pinOf?.(from + i);
      // NOTE: HAProxy's own cookie as the browser would send it after its first reply: every
      // request of this worker then goes to one node, which forwards what only the owner serves.
      const session = pin ? { ...signedIn, cookie: `${signedIn.cookie}; UCCNODE=${pin}` } : signedIn;
      this.sessions.set(id, session);
      await this.api.setPresence(session, "available");
      return { id, channel: `/kw/${id}/offers`, cookie: session.cookie };
    });
    this.clients.push(...(await connectAll(this.api.url, specs, (spec, data, at) => this.onMessage(spec, data, at), this.options.transport)));
  }

  /**
   * Closes the workers' own idle connections (those of their sign-in and presence change): a
   * signed-in page then holds only its long poll, as it does once the connector's keep-alive
   * timeout (65 s) has closed them. The memory readings are of that steady state.
   */
  closeIdleConnections(): void {
    for (const session of this.sessions.values()) closeIdleConnections(session.agent);
  }

  /** Checks that each client sent its own cookie: then every worker counts exactly one window. */
  async checkWindows(): Promise<void> {
    const n = this.options.workers;
    const ids = Array.from({ length: n }, (_, i) => workerId(i, n));
    const counts = await inBatches(ids, 32, (id) => this.api.windows(id));
    const wrong = ids.filter((_, i) => counts[i] !== 1);
    if (wrong.length) throw new Error(`cookies leaked between clients: ${wrong.length} workers do not count exactly one window (e.g. ${wrong[0]}: ${counts[ids.indexOf(wrong[0])]})`);
  }

  readonly send: Send = () => this.api.createChat();

  private onMessage(spec: ClientSpec, data: unknown, at: number): void {
    const push = data as { type?: string; offer?: { id: string; interaction: { id: string } } };
    if (push.type !== "offer" || !push.offer) return; // offer-closed and friends
    const handling = this.handling;
    const interactionId = push.offer.interaction.id;
    handling.receipts.record(interactionId, spec.id, at);
    handling.track(this.work(handling, this.sessions.get(spec.id)!, interactionId, push.offer.id));
  }

  private async work(handling: OfferHandling, worker: WorkerSession, interactionId: string, offerId: string): Promise<void> {
    const sentAt = performance.now();
    try {
      await this.api.accept(worker, interactionId, offerId);
      handling.acceptMs.push(performance.now() - sentAt);
    } catch (error) {
      return handling.fail("accept", error);
    }
    await sleep(this.options.holdMs);
    try {
      await this.api.end(interactionId);
    } catch (error) {
      return handling.fail("end", error);
    }
    try {
      await this.api.done(worker, interactionId);
    } catch (error) {
      handling.fail("done", error);
    }
  }

  rehandshakes(): number {
    return this.clients.reduce((total, c) => total + c.rehandshakes, 0);
  }

  async stop(): Promise<void> {
    await disconnectAll(this.clients);
    this.clients = [];
    await this.child?.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
