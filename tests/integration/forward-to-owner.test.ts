/**
 * A node that does not own the work passes requests on to the owner (lib/cluster/forward-to-owner.ts):
 * as they came, with the client as the node saw it (signed), and the owner's answer unchanged;
 * a request waits for an owner while none is there, goes to the next owner when the last one
 * refuses the connection, and is refused with 503 when none comes.
 */
import http, { type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createOwnerForwarder, MAX_FORWARDED_BYTES } from "../../lib/cluster/forward-to-owner";
import { PEER_HEADER } from "../../lib/cluster/peer-info";
import { attachClientInfo, clientAddress, requestHost } from "../../lib/http/client-info";
import { createLogger } from "../../lib/observability/logger";
import { freePort } from "../support/free-port";
import { rawRequest } from "../support/http";

const KEY = Buffer.alloc(32, 3);
const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listen(server: http.Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** An owner that answers with what it received and who it believes the client is. */
function startOwner(name: string): Promise<string> {
  return listen(
    http.createServer((req, res) => {
      attachClientInfo(req, { trustedProxies: [], peerKey: KEY });
      const chunks: Buffer[] = [];
      req.on("data", (c) => chunks.push(c));
      req.on("end", () => {
        res.writeHead(201, { "content-type": "application/json", "set-cookie": ["a=1; HttpOnly", "b=2"], "x-owner": name });
        res.end(JSON.stringify({ method: req.method, url: req.url, body: Buffer.concat(chunks).toString(), cookie: req.headers.cookie, client: clientAddress(req), host: requestHost(req), peerHeader: req.headers[PEER_HEADER] ?? null }));
      });
    }),
  );
}

/** The forwarding node: it believes the client is 198.51.100.7 (as if a trusted proxy said so). */
function startNode(findOwner: () => Promise<string | undefined>, selfUrl?: string, waitMs = 5_000): Promise<string> {
  const forward = createOwnerForwarder({
    peerKey: KEY,
    findOwner,
    selfUrl: () => selfUrl,
    clientInfo: (req: IncomingMessage) => ({ address: "198.51.100.7", secure: true, host: req.headers.host ?? "", proxied: true, mtls: false }),
    logger: createLogger("silent"),
    waitMs,
    pollMs: 20,
  });
  return listen(http.createServer((req, res) => void forward(req, res)));
}

/** A forwarding node that signs what it worked out itself (peerFactsOf), as a real node does. */
function startNodeWithFacts(findOwner: () => Promise<string | undefined>): Promise<string> {
  const forward = createOwnerForwarder({ peerKey: KEY, findOwner, selfUrl: () => undefined, logger: createLogger("silent"), pollMs: 20 });
  return listen(
    http.createServer((req, res) => {
      attachClientInfo(req, { trustedProxies: [] });
      void forward(req, res);
    }),
  );
}

describe("forwarding to the owner", () => {
  it("passes method, path, query, body and cookies on, and the owner's status, headers and body back", async () => {
    const owner = await startOwner("one");
    const node = await startNode(async () => owner);
    const res = await rawRequest(`${node}/api/kw/offers/o1/accept?x=1`, { method: "POST", body: { hello: "é" }, headers: { cookie: "ucc_session=abc", [PEER_HEADER]: "forged.by-client" } });
    expect(res.status).toBe(201);
    expect(res.headers["set-cookie"]).toEqual(["a=1; HttpOnly", "b=2"]);
    expect(res.json).toMatchObject({ method: "POST", url: "/api/kw/offers/o1/accept?x=1", body: JSON.stringify({ hello: "é" }), cookie: "ucc_session=abc", peerHeader: null });
    // The owner believes the client the node saw, not the connection (the node) nor the client's own header.
    expect(res.json.client).toBe("198.51.100.7");
  });

  it("waits while nobody owns the work, then goes to the owner that comes", async () => {
    const owner = await startOwner("late");
    let asked = 0;
    const node = await startNode(async () => (++asked < 5 ? undefined : owner));
    const res = await rawRequest(`${node}/api/v1/workers/kw1`);
    expect(res.headers["x-owner"]).toBe("late");
    expect(asked).toBeGreaterThanOrEqual(5);
  });

  it("sends a request the dead owner refused to the next owner", async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const next = await startOwner("next");
    let asked = 0;
    const node = await startNode(async () => (++asked < 3 ? dead : next));
    const res = await rawRequest(`${node}/api/kw/presence`, { method: "PUT", body: { presence: "available" } });
    expect(res.status).toBe(201);
    expect(res.headers["x-owner"]).toBe("next");
  });

  it("never forwards to itself (a record it just let go of) and answers 503 with Retry-After when no owner comes", async () => {
    const self = "http://127.0.0.1:1";
    const node = await startNode(async () => self, self, 200);
    const res = await rawRequest(`${node}/api/kw/me`);
    expect(res.status).toBe(503);
    expect(res.headers["retry-after"]).toBe("2");
    expect(res.json.error).toMatchObject({ code: "unavailable" });
  });

  it("refuses a request whose client facts the owner would not believe (an overlong Host) instead of forwarding it as its own", async () => {
    let asked = 0;
    const owner = await startOwner("one");
    const node = await startNodeWithFacts(async () => {
      asked++;
      return owner;
    });
    const res = await rawRequest(`${node}/api/kw/me`, { headers: { host: "h".repeat(400) } });
    expect(res.status).toBe(400);
    expect(asked).toBe(0);
  });

  it("refuses a body over the limit with 413 before forwarding anything", async () => {
    let asked = 0;
    const owner = await startOwner("one");
    const node = await startNode(async () => {
      asked++;
      return owner;
    });
    const res = await rawRequest(`${node}/api/v1/interactions`, { method: "POST", body: Buffer.alloc(MAX_FORWARDED_BYTES + 1, 120) });
    expect(res.status).toBe(413);
    expect(asked).toBe(0);
  });
});
