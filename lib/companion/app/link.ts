/**
 * The companion's Bayeux link to the connector (B11), with the `cometd` client: handshake with
 * `ext.companion`, listen on the worker's `down` channel, send `test` after each handshake, then a
 * heartbeat every keepAlive.intervalSeconds that must be acked within responseSeconds, else the
 * link is bad from the first miss until an ack comes. cometd reconnects by itself; the transport
 * paces its handshakes (./handshake-pacer.ts).
 */
import type http from "node:http";
import { CometD, type Message } from "cometd";
import { adapt } from "cometd-nodejs-client";
import { companionChannels, companionDownSchema, type CompanionDown, type CompanionUp } from "../protocol";
import { HandshakePacer, RECONNECT_MAX_MS, RECONNECT_MIN_MS } from "./handshake-pacer";
import { CompanionHttpTransport } from "./http-transport";
import type { LinkState } from "./status-line";

/** Until the connector's test ack names its pace: the defaults of gla-kpl-time / gla-kpl-response-time. */
const DEFAULT_KEEP_ALIVE = { intervalSeconds: 30, responseSeconds: 4 };

export interface LinkEvents {
  /** The link's state or its "bad since" changed. */
  status(link: LinkState, badSince: Date | undefined): void;
  /** The connector acked the test sent after a handshake. */
  tested(result: { roundTripMs: number; intervalSeconds: number; responseSeconds: number }): void;
  command(message: Extract<CompanionDown, { type: "command" }>): void;
  /** A failure no retry can mend (credential refused, connector never reached): one line for the user. */
  fatal(message: string): void;
}

export interface LinkOptions {
  url: string;
  worker: string;
  /** Undefined when a client certificate alone proves who the companion is (MTLS listener). */
  credential: string | undefined;
  version: string;
  agent: http.Agent;
  events: LinkEvents;
}

let adapted = false;

export class CompanionLink {
  private readonly cometd: CometD;
  private link: LinkState = "connecting";
  private badSince: Date | undefined;
  private everConnected = false;
  private seq = 0;
  private testSentAt = new Map<number, number>();
  private keepAlive = DEFAULT_KEEP_ALIVE;
  private readonly deadlines = new Map<number, NodeJS.Timeout>();
  private heartbeat: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: LinkOptions) {
    if (!adapted) {
      // NOTE: installs the `window` cometd runs on in Node; requests go through our transport.
      adapt();
      adapted = true;
    }
    this.cometd = new CometD();
    this.cometd.unregisterTransports();
    this.cometd.registerTransport("long-polling", new CompanionHttpTransport(options.agent, new HandshakePacer()) as never);
    // NOTE: the connector serves Bayeux on exactly /cometd.
    // NOTE: cometd retries a lost /meta/connect after 1 s, then 1 s longer each time; capped at
    // the same 30 s as handshakes (its default cap is 60 s).
    this.cometd.configure({
      url: `${options.url}/cometd`,
      appendMessageTypeToURL: false,
      logLevel: "error",
      backoffIncrement: RECONNECT_MIN_MS,
      maxBackoff: RECONNECT_MAX_MS,
    } as never);
    const { worker, credential } = options;
    this.cometd.registerExtension("ucc-companion", {
      outgoing(message) {
        if (message.channel === "/meta/handshake" && credential) message.ext = { ...(message.ext ?? {}), companion: { worker, credential } };
        return message;
      },
    });
    this.cometd.addListener("/meta/handshake", (reply) => this.onHandshake(reply));
    this.cometd.addListener("/meta/connect", (reply) => {
      if (!reply.successful && !this.stopped) this.setLink("reconnecting");
    });
  }

  start(): void {
    this.cometd.handshake();
  }

  /** Publishes on the worker's `up` channel; dropped while there is no session at all. */
  send(message: CompanionUp): void {
    // NOTE: cometd throws when disconnected; while it handshakes it queues. The softphone's state
    // is sent again after every handshake (see companion.ts), so a dropped one is made good.
    if (this.stopped || this.cometd.isDisconnected()) return;
    this.cometd.publish(companionChannels.up(this.options.worker), message);
  }

  stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.heartbeat);
    for (const timer of this.deadlines.values()) clearTimeout(timer);
    return new Promise((resolve) => {
      const done = setTimeout(resolve, 1_000);
      this.cometd.disconnect(() => {
        clearTimeout(done);
        resolve();
      });
    });
  }

  private onHandshake(reply: Message): void {
    if (this.stopped) return;
    if (!reply.successful) {
      const error = typeof reply.error === "string" ? reply.error : "";
      if (/^40[13]::/.test(error)) {
        this.options.events.fatal(`the connector refused the companion of worker ${this.options.worker} (${error.replace(/^\d+::/, "")}): unknown worker, or the pairing was undone; pair again with --pairing-code`);
      } else if (!this.everConnected) {
        const reason = (reply as { failure?: { reason?: string } }).failure?.reason;
        this.options.events.fatal(`cannot reach the connector at ${this.options.url}${reason ? ` (${reason})` : ""}`);
      } else this.setLink("reconnecting");
      return;
    }
    this.everConnected = true;
    this.cometd.subscribe(companionChannels.down(this.options.worker), (message) => this.onDown(message.data));
    const seq = ++this.seq;
    this.testSentAt.set(seq, Date.now());
    this.send({ type: "test", seq, version: this.options.version });
    this.armDeadline(seq);
  }

  private onDown(data: unknown): void {
    const parsed = companionDownSchema.safeParse(data);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === "command") {
      this.options.events.command(message);
      return;
    }
    clearTimeout(this.deadlines.get(message.seq));
    this.deadlines.delete(message.seq);
    // NOTE: any ack proves the link works now, whichever heartbeat it answers.
    const wasBad = this.badSince !== undefined;
    this.badSince = undefined;
    if (this.link !== "connected" || wasBad) {
      this.link = "connected";
      this.emitStatus();
    }
    const sentAt = this.testSentAt.get(message.seq);
    if (sentAt === undefined) return;
    this.testSentAt.delete(message.seq);
    if (message.keepAlive) this.keepAlive = message.keepAlive;
    this.options.events.tested({ roundTripMs: Date.now() - sentAt, ...this.keepAlive });
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => {
      const seq = ++this.seq;
      this.send({ type: "heartbeat", seq });
      this.armDeadline(seq);
    }, this.keepAlive.intervalSeconds * 1_000);
  }

  private armDeadline(seq: number): void {
    const timer = setTimeout(() => {
      this.deadlines.delete(seq);
      if (this.stopped || this.badSince) return;
      this.badSince = new Date();
      this.emitStatus();
      // NOTE: a link whose heartbeat went unanswered is not trusted: its requests are dropped and
      // cometd connects again (handshakes paced), rather than waiting ~40 s for the long poll.
      this.cometd.getTransport()?.abort();
    }, this.keepAlive.responseSeconds * 1_000);
    this.deadlines.set(seq, timer);
  }

  private setLink(link: LinkState): void {
    if (this.link === link) return;
    this.link = link;
    this.emitStatus();
  }

  private emitStatus(): void {
    this.options.events.status(this.link, this.badSince);
  }
}
