/**
 * The baselines: the bare faye library (the connector's version) with nothing of the connector
 * around it: no authorization, no routing. `POST /publish {"channel","data"}` publishes through the
 * server's own in-process client, as the connector publishes an offer, so the benchmark can time
 * "HTTP request sent -> Bayeux message received" on both the same way.
 *
 * `baseline-server.ts [--durable DIR]`: with --durable, *the durable floor*: each publish is first
 * appended to a log file in DIR and delivered (and answered) only once it is on disk, group
 * committed as the connector's store is (lib/store/wal-sync.ts: one fdatasync at a time, covering
 * everything appended while the previous one ran). It is the least a durable server must do per
 * publish on the same disk, so the connector's distance to it is what engineering can still win.
 * Prints `{"url": "http://127.0.0.1:PORT"}` once it listens; exits with its parent, removing DIR.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import faye from "faye";
import { WalSync } from "../lib/store/wal-sync";
import { exitWithParent, serveProbes } from "./children";

const durableIndex = process.argv.indexOf("--durable");
const durableDir = durableIndex > 0 ? process.argv[durableIndex + 1] : undefined;
const log = durableDir ? openLog(durableDir) : undefined;

function openLog(dir: string) {
  const fd = fs.openSync(path.join(dir, "publish.log"), fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_APPEND);
  return { fd, sync: new WalSync(fd) };
}

/** Resolves once `body` is on disk (durable floor), at once otherwise. */
function keep(body: Buffer): Promise<void> {
  if (!log) return Promise.resolve();
  // NOTE: a synchronous append, as SQLite writes its WAL: it lands in the page cache, the sync makes it durable.
  fs.writeSync(log.fd, body);
  fs.writeSync(log.fd, "\n");
  log.sync.noteCommit();
  return log.sync.durable();
}

const adapter = new faye.NodeAdapter({ mount: "/cometd", timeout: 15 });
const client = adapter.getClient();

const server = http.createServer((req, res) => {
  const pathname = (req.url ?? "/").split("?")[0];
  if (pathname === "/cometd" || pathname.startsWith("/cometd/")) return adapter.handle(req, res);
  if (req.method === "POST" && pathname === "/publish") {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      let message: { channel: string; data: unknown };
      const body = Buffer.concat(chunks);
      try {
        message = JSON.parse(body.toString("utf8")) as { channel: string; data: unknown };
      } catch {
        res.writeHead(400, { "content-length": "0" }).end();
        return;
      }
      keep(body).then(
        () => {
          client.publish(message.channel, message.data);
          res.writeHead(202, { "content-length": "0" }).end();
        },
        () => res.writeHead(500, { "content-length": "0" }).end(),
      );
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
  exitWithParent(() => {
    adapter.close();
    if (durableDir) fs.rmSync(durableDir, { recursive: true, force: true });
  });
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
});
