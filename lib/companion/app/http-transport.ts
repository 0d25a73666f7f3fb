/**
 * How the companion's cometd client reaches the connector: long-polling whose requests go through
 * Node's http/https with the companion's own agent, so https works with the system's CAs plus
 * NODE_EXTRA_CA_CERTS and, for the MTLS listener, a client certificate (--cert/--key), which
 * cometd-nodejs-client's shared agents cannot carry. It also keeps the connector's cookies (a
 * load balancer's stickiness cookie) and paces handshakes (./handshake-pacer.ts).
 */
import http from "node:http";
import https from "node:https";
import { LongPollingTransport, type XhrPacket } from "cometd";
import type { HandshakePacer } from "./handshake-pacer";

export interface TlsFiles {
  cert?: Buffer;
  key?: Buffer;
}

/** One agent per companion: keep-alive, and the client certificate when one is given. */
export function companionAgent(url: string, tls: TlsFiles): http.Agent {
  return url.startsWith("https:") ? new https.Agent({ keepAlive: true, cert: tls.cert, key: tls.key }) : new http.Agent({ keepAlive: true });
}

/** POSTs JSON; resolves with the status and parsed body (undefined when not JSON). */
export function postJson(url: string, body: unknown, agent: http.Agent): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const request = (url.startsWith("https:") ? https : http).request(
      url,
      { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          resolve({ status: response.statusCode ?? 0, body: parsed });
        });
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(payload);
  });
}

/** What cometd's RequestTransport reads of a request: readyState (0 = never sent), status, abort(). */
class NodeRequest {
  readyState = 0;
  status = 0;
  private timer: NodeJS.Timeout | undefined;
  private request: http.ClientRequest | undefined;
  private settled = false;

  constructor(private readonly packet: XhrPacket) {}

  later(ms: number, send: () => void): void {
    this.timer = setTimeout(send, ms);
  }

  start(request: http.ClientRequest): void {
    this.readyState = 1;
    this.request = request;
  }

  finish(ok: boolean, text: string): void {
    if (this.settled) return;
    this.settled = true;
    this.readyState = 4;
    if (ok) this.packet.onSuccess(text);
    else this.packet.onError(text);
  }

  abort(): void {
    clearTimeout(this.timer);
    // NOTE: like a browser's XHR: a request never sent reports nothing (cometd fails it itself).
    if (this.request && !this.settled) {
      this.request.destroy();
      this.finish(false, "abort");
    }
  }
}

export class CompanionHttpTransport extends LongPollingTransport {
  private readonly cookies = new Map<string, string>();

  constructor(
    private readonly agent: http.Agent,
    private readonly pacer: HandshakePacer,
  ) {
    super();
  }

  override xhrSend(packet: XhrPacket): NodeRequest {
    const xhr = new NodeRequest(packet);
    const handshake = packet.body.includes('"/meta/handshake"');
    const send = () => {
      if (handshake) this.pacer.sent();
      const headers: Record<string, string> = { ...(packet.headers ?? {}), "content-type": "application/json" };
      if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
      const request = (packet.url.startsWith("https:") ? https : http).request(packet.url, { method: "POST", agent: this.agent, headers }, (response) => {
        xhr.status = response.statusCode ?? 0;
        for (const line of response.headers["set-cookie"] ?? []) {
          const [pair] = line.split(";");
          const eq = pair.indexOf("=");
          if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
        }
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          if (handshake && xhr.status === 200 && /"successful"\s*:\s*true/.test(text)) this.pacer.succeeded();
          xhr.finish(xhr.status === 200, xhr.status === 200 ? text : response.statusMessage ?? String(xhr.status));
        });
        response.on("error", (error) => xhr.finish(false, error.message));
      });
      request.on("error", (error) => xhr.finish(false, error.message));
      xhr.start(request);
      request.end(packet.body);
    };
    const wait = handshake ? this.pacer.waitMs() : 0;
    if (wait > 0) xhr.later(wait, send);
    else send();
    return xhr;
  }
}
