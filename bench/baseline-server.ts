/**
 * The baseline: the bare faye library (the connector's version) with nothing of the connector
 * around it: no authorization, no store, no routing. `POST /publish {"channel","data"}` publishes
 * through the server's own in-process client, as the connector publishes an offer, so the
 * benchmark can time "HTTP request sent -> Bayeux message received" on both the same way.
 * Prints `{"url": "http://127.0.0.1:PORT"}` once it listens; exits with its parent.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import faye from "faye";
import { exitWithParent, serveProbes } from "./children";

const adapter = new faye.NodeAdapter({ mount: "/cometd", timeout: 15 });
const client = adapter.getClient();

const server = http.createServer((req, res) => {
  const pathname = (req.url ?? "/").split("?")[0];
  if (pathname === "/cometd" || pathname.startsWith("/cometd/")) return adapter.handle(req, res);
  if (req.method === "POST" && pathname === "/publish") {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      try {
        const { channel, data } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { channel: string; data: unknown };
        client.publish(channel, data);
        res.writeHead(202, { "content-length": "0" }).end();
      } catch {
        res.writeHead(400, { "content-length": "0" }).end();
      }
    });
    return;
  }
  res.writeHead(404, { "content-length": "0" }).end();
});
server.on("upgrade", (req, socket, head) => adapter.handleUpgrade(req, socket, head));
// NOTE: the same Node timeouts as the connector, so held long polls are not cut.
server.requestTimeout = 0;
server.headersTimeout = 60_000;
server.keepAliveTimeout = 65_000;

server.listen(0, "127.0.0.1", () => {
  serveProbes();
  exitWithParent(() => adapter.close());
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
});
