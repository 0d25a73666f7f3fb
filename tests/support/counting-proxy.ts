/**
 * An HTTP proxy in front of a connector that notes when each Bayeux handshake reaches it, so a
 * test can tell how often a client handshakes (what the connector is asked to bear), whatever
 * the connector is doing (paused with SIGSTOP, for instance). Loopback, plain HTTP.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface CountingProxy {
  url: string;
  /** Arrival times (ms since epoch) of each request carrying a /meta/handshake. */
  handshakes: number[];
  /** Arrival times of each request carrying a /meta/handshake or a /meta/connect (a link's attempts). */
  attempts: number[];
  /** Each message published on a companion's `up` channel, in arrival order, with its handshake count then. */
  published: { handshakes: number; data: Record<string, unknown> }[];
  /** While true, every handshake is answered 503 without reaching the connector. */
  refuseHandshakes: boolean;
  /**
   * Answers the client's held /meta/connect (or its next one) as a connector that no longer knows
   * the session does (`402::Unknown client`, advice handshake), so the client handshakes again.
   */
  forgetSession(): void;
  /** Forwards to another connector from now on (one restarted on another port). */
  retarget(url: string): void;
  close(): Promise<void>;
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const handshakes: number[] = [];
  const attempts: number[] = [];
  const published: CountingProxy["published"] = [];
  let upstream = new URL(target);
  /** Held connects not answered yet, and whether the next one is to be forgotten. */
  const heldConnects = new Set<{ id: string; res: http.ServerResponse; forward: http.ClientRequest }>();
  let forgetNext = false;
  const unknownClient = (res: http.ServerResponse, id: string) =>
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify([{ channel: "/meta/connect", id, successful: false, error: "402::Unknown client", advice: { reconnect: "handshake", interval: 0 } }]));
  const proxy = { refuseHandshakes: false } as CountingProxy;
  const server = http.createServer((req, res) => {
    // NOTE: when the request arrived, not when its body was read (that can lag on a busy machine).
    const arrivedAt = Date.now();
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      if (req.url?.startsWith("/cometd") && body.includes('"/meta/handshake"')) handshakes.push(arrivedAt);
      if (req.url?.startsWith("/cometd") && /"\/meta\/(handshake|connect)"/.test(body.toString("utf8"))) attempts.push(arrivedAt);
      if (req.url?.startsWith("/cometd") && body.includes("/companion/")) notePublished(body, handshakes.length, published);
      if (proxy.refuseHandshakes && body.includes('"/meta/handshake"')) {
        res.writeHead(503).end();
        return;
      }
      const connectId = req.url?.startsWith("/cometd") ? connectIdOf(body) : undefined;
      if (connectId !== undefined && forgetNext) {
        forgetNext = false;
        unknownClient(res, connectId);
        return;
      }
      const forward = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on("error", () => res.destroy());
      const held = connectId === undefined ? undefined : { id: connectId, res, forward };
      if (held) heldConnects.add(held);
      res.on("close", () => {
        if (held) heldConnects.delete(held);
        forward.destroy();
      });
      forward.end(body);
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  Object.assign(proxy, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    handshakes,
    attempts,
    published,
    forgetSession() {
      if (heldConnects.size === 0) forgetNext = true;
      for (const held of [...heldConnects]) {
        heldConnects.delete(held);
        held.forward.destroy();
        unknownClient(held.res, held.id);
      }
    },
    retarget(url: string) {
      upstream = new URL(url);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return proxy;
}

function notePublished(body: Buffer, handshakes: number, into: CountingProxy["published"]): void {
  let messages: unknown;
  try {
    messages = JSON.parse(body.toString("utf8"));
  } catch {
    return;
  }
  for (const m of Array.isArray(messages) ? messages : [messages]) {
    const { channel, data } = (m ?? {}) as { channel?: unknown; data?: unknown };
    if (typeof channel === "string" && /^\/companion\/[^/]+\/up$/.test(channel) && data && typeof data === "object") into.push({ handshakes, data: data as Record<string, unknown> });
  }
}

/** The id of the /meta/connect a request carries, if it carries one. */
function connectIdOf(body: Buffer): string | undefined {
  if (!body.includes('"/meta/connect"')) return undefined;
  try {
    const messages = JSON.parse(body.toString("utf8")) as unknown;
    const connect = (Array.isArray(messages) ? messages : [messages]).find((m) => (m as { channel?: unknown })?.channel === "/meta/connect") as { id?: unknown } | undefined;
    return typeof connect?.id === "string" ? connect.id : undefined;
  } catch {
    return undefined;
  }
}
