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
  /** While true, every handshake is answered 503 without reaching the connector. */
  refuseHandshakes: boolean;
  /** Forwards to another connector from now on (one restarted on another port). */
  retarget(url: string): void;
  close(): Promise<void>;
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const handshakes: number[] = [];
  const attempts: number[] = [];
  let upstream = new URL(target);
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
      if (proxy.refuseHandshakes && body.includes('"/meta/handshake"')) {
        res.writeHead(503).end();
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
      res.on("close", () => forward.destroy());
      forward.end(body);
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  Object.assign(proxy, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    handshakes,
    attempts,
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
