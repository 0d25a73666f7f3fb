/**
 * A TLS front for a connector that listens on plain http: https on its own loopback port with the
 * test CA's server certificate, each connection piped to the connector's port (as a proxy that
 * terminates TLS would). Graph's stand-in reaches a connector's https notification URL through it.
 */
import { readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import tls from "node:tls";
import type { TestCertificates } from "./certificates";

export interface TlsFront {
  /** https://127.0.0.1:<port>: the connector's public URL. */
  url: string;
  /** Points the front at a connector (its http URL). */
  target(connectorUrl: string): void;
  close(): Promise<void>;
}

export async function startTlsFront(certificates: TestCertificates): Promise<TlsFront> {
  let target = 0;
  const sockets = new Set<net.Socket>();
  const server = tls.createServer({ key: readFileSync(path.join(certificates.dir, "server.key")), cert: readFileSync(path.join(certificates.dir, "server.pem")) }, (socket) => {
    const upstream = net.connect(target, "127.0.0.1");
    sockets.add(socket).add(upstream);
    socket.pipe(upstream).pipe(socket);
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
    socket.on("close", () => sockets.delete(socket));
    upstream.on("close", () => sockets.delete(upstream));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    target: (url) => {
      target = Number(new URL(url).port);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
