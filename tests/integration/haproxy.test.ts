/**
 * The local HAProxy launcher and its configuration on real HAProxy: two plain HTTP backends
 * stand in for connector nodes (each answers with its name; /readyz and /readyz?role=owner as it
 * is told). /cometd is balanced with a sticky cookie; everything else goes to the owner, or to any
 * ready node while none owns the work.
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
  owner: boolean;
  server: http.Server;
}

async function fakeNode(name: string): Promise<FakeNode> {
  const node = { name, port: 0, ready: true, owner: false } as FakeNode;
  node.server = http.createServer((req, res) => {
    if (req.url === "/readyz") res.writeHead(node.ready ? 200 : 503).end();
    else if (req.url === "/readyz?role=owner") res.writeHead(node.ready && node.owner ? 200 : 503).end();
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
      async () => new Set(await Promise.all([1, 2, 3, 4].map(async () => (await get(`${proxy.url}/cometd`)).body))),
      (names) => names.size === 2,
      { what: "both nodes answering" },
    );
    expect([...seen].sort()).toEqual(["node-1", "node-2"]);
    const { setCookie } = await get(`${proxy.url}/cometd`);
    expect(setCookie).toMatch(/^UCCNODE=node-[12]; .*HttpOnly/i);
  });

  it("keeps a browser with the cookie on its node", async () => {
    for (let i = 0; i < 6; i++) expect((await get(`${proxy.url}/cometd`, "UCCNODE=node-2")).body).toBe("node-2");
  });

  it("takes a node whose /readyz is 503 out, cookie or not, and back when it is ready", async () => {
    b.ready = false;
    await waitFor(
      async () => Promise.all([1, 2, 3].map(async () => (await get(`${proxy.url}/cometd`, "UCCNODE=node-2")).body)),
      (bodies) => bodies.every((body) => body === "node-1"),
      { what: "node-2 out of the pool" },
    );
    b.ready = true;
    await waitFor(
      async () => (await get(`${proxy.url}/cometd`, "UCCNODE=node-2")).body,
      (body) => body === "node-2",
      { what: "node-2 back in the pool" },
    );
  });

  it("sends everything but /cometd to the owner, whatever the cookie, and to any ready node while none owns the work", async () => {
    const bodies = () => Promise.all([1, 2, 3, 4].map(async () => (await get(`${proxy.url}/api/kw/me`, "UCCNODE=node-1")).body));
    await waitFor(bodies, (list) => new Set(list).size === 2, { what: "no owner: any node answers" });
    b.owner = true;
    await waitFor(bodies, (list) => list.every((body) => body === "node-2"), { what: "the owner answering alone" });
    // A window's goodbye goes to the node that holds the window, as /cometd does.
    expect((await get(`${proxy.url}/api/kw/windows/closed`, "UCCNODE=node-1")).body).toBe("node-1");
    b.owner = false;
    a.owner = true;
    await waitFor(bodies, (list) => list.every((body) => body === "node-1"), { what: "the next owner answering alone" });
  });

  it("stops by PID: the port no longer accepts", async () => {
    const other = await startHaproxy({ backends: [{ name: "node-1", host: "127.0.0.1", port: a.port }] });
    await other.stop();
    await expect(fetch(other.url)).rejects.toThrow();
  });
});
