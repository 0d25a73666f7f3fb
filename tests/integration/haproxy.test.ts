/**
 * The local HAProxy launcher and its configuration on real HAProxy: two plain HTTP backends
 * stand in for connector nodes (each answers with its name; /readyz as it is told).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHaproxy, type LocalHaproxy } from "../support/haproxy";
import { waitFor } from "../support/wait";

interface FakeNode {
  name: string;
  port: number;
  ready: boolean;
  server: http.Server;
}

async function fakeNode(name: string): Promise<FakeNode> {
  const node = { name, port: 0, ready: true } as FakeNode;
  node.server = http.createServer((req, res) => {
    if (req.url === "/readyz") res.writeHead(node.ready ? 200 : 503).end();
    else res.writeHead(200, { "content-type": "text/plain" }).end(name);
  });
  await new Promise<void>((resolve) => node.server.listen(0, "127.0.0.1", resolve));
  node.port = (node.server.address() as AddressInfo).port;
  return node;
}

async function get(url: string, cookie?: string): Promise<{ body: string; setCookie: string | null }> {
  const response = await fetch(url, { headers: cookie ? { cookie } : {} });
  return { body: await response.text(), setCookie: response.headers.get("set-cookie") };
}

describe("startHaproxy", () => {
  let a: FakeNode;
  let b: FakeNode;
  let proxy: LocalHaproxy;

  beforeAll(async () => {
    [a, b] = await Promise.all([fakeNode("node-1"), fakeNode("node-2")]);
    proxy = await startHaproxy({
      backends: [a, b].map((n) => ({ name: n.name, host: "127.0.0.1", port: n.port })),
    });
  });

  afterAll(async () => {
    await proxy?.stop();
    await Promise.all([a, b].map((n) => new Promise((resolve) => n?.server.close(resolve))));
  });

  it("balances new browsers over both nodes and sets the stickiness cookie", async () => {
    const seen = await waitFor(
      async () => new Set(await Promise.all([1, 2, 3, 4].map(async () => (await get(proxy.url)).body))),
      (names) => names.size === 2,
      { what: "both nodes answering" },
    );
    expect([...seen].sort()).toEqual(["node-1", "node-2"]);
    const { setCookie } = await get(proxy.url);
    expect(setCookie).toMatch(/^UCCNODE=node-[12]; .*HttpOnly/i);
  });

  it("keeps a browser with the cookie on its node", async () => {
    for (let i = 0; i < 6; i++) expect((await get(proxy.url, "UCCNODE=node-2")).body).toBe("node-2");
  });

  it("takes a node whose /readyz is 503 out, cookie or not, and back when it is ready", async () => {
    b.ready = false;
    await waitFor(
      async () => Promise.all([1, 2, 3].map(async () => (await get(proxy.url, "UCCNODE=node-2")).body)),
      (bodies) => bodies.every((body) => body === "node-1"),
      { what: "node-2 out of the pool" },
    );
    b.ready = true;
    await waitFor(
      async () => (await get(proxy.url, "UCCNODE=node-2")).body,
      (body) => body === "node-2",
      { what: "node-2 back in the pool" },
    );
  });

  it("stops by PID: the port no longer accepts", async () => {
    const other = await startHaproxy({ backends: [{ name: "node-1", host: "127.0.0.1", port: a.port }] });
    await other.stop();
    await expect(fetch(other.url)).rejects.toThrow();
  });
});
