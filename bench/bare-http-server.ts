/**
 * The least an HTTP request can cost in Node on this machine: `node:http` answering every request
 * with a small JSON body, nothing else. `bench/request-cost.ts` sets the connector's requests
 * beside it. Prints `{"url": ...}` once it listens; exits with its parent.
 */
import http from "node:http";
import { exitWithParent } from "./children";

const server = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.setHeader("content-type", "application/json");
    res.end('{"ok":true}');
  });
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  exitWithParent();
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}` })}\n`);
});
