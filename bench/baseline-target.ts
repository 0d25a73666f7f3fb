/**
 * The bare faye baseline as a benchmark target: baseline-server.ts in its own process, the same
 * N cometd clients each subscribed to a channel of its own, and a send that asks the server (an
 * HTTP POST, like the connector's create) to publish one message to the next client in turn.
 * Given a directory, the durable floor: the server keeps each publish on disk there first.
 */
import fs from "node:fs";
import path from "node:path";
import { removeOnExit, startChild, type Child } from "./children";
import { newAgent, request } from "./http";
import { Receipts, type Send } from "./load";
import { connectAll, disconnectAll, type ClientSpec, type SimulatedClient, type Transport } from "./workers";
import { workerId } from "./connector-target";

export class BaselineTarget {
  child!: Child;
  /** The phase the clients report to now. */
  receipts = new Receipts();
  private clients: SimulatedClient[] = [];
  private specs: ClientSpec[] = [];
  private sends = 0;
  /** The publisher's connections (as the integrator has its own with the connector). */
  private readonly agent = newAgent();

  constructor(
    private readonly workers: number,
    private readonly transport: Transport,
    /** The durable floor: the parent of a temp dir where each publish is kept before it is delivered. */
    private readonly durableParent?: string,
  ) {}

  async start(): Promise<void> {
    const args: string[] = [];
    if (this.durableParent) {
      const dir = fs.mkdtempSync(path.join(this.durableParent, "ucc-bench-floor-"));
      removeOnExit(dir);
      args.push("--durable", dir);
    }
    this.child = await startChild("baseline-server.ts", args, {});
  }

  /** Connects clients [from, to), each subscribed to a channel of its own. */
  async connectClients(from: number, to: number): Promise<void> {
    const specs = Array.from({ length: to - from }, (_, i) => {
      const id = workerId(from + i, this.workers);
      return { id, channel: `/bench/${id}` };
    });
    this.specs.push(...specs);
    const connected = await connectAll(this.child.url, specs, (spec, data, at) => {
      const key = (data as { key?: string }).key;
      if (key) this.receipts.record(key, spec.id, at);
    }, this.transport);
    this.clients.push(...connected);
  }

  readonly send: Send = async () => {
    const n = this.sends++;
    const key = `m${n}`;
    const spec = this.specs[n % this.specs.length];
    const reply = await request(`${this.child.url}/publish`, "POST", { json: { channel: spec.channel, data: { key } }, agent: this.agent });
    if (reply.status !== 202) throw new Error(`publish: HTTP ${reply.status}`);
    return key;
  };

  rehandshakes(): number {
    return this.clients.reduce((total, c) => total + c.rehandshakes, 0);
  }

  async stop(): Promise<void> {
    await disconnectAll(this.clients);
    this.clients = [];
    await this.child?.stop();
  }
}
