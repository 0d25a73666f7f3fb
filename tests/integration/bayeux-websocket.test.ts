/** Bayeux over WebSocket: cookie sign-in, origin check, frame limit, and the detach grace (B8). */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DETACH_GRACE_MS } from "../../lib/connector/window-tracker";
import { MAX_BODY_BYTES } from "../../lib/http/io";
import { startConnector, type Connector } from "../support/harness";
import { sleep, waitFor } from "../support/wait";
import { BayeuxSocket } from "../support/websocket";

let c: Connector;
const sockets: BayeuxSocket[] = [];
beforeEach(async () => {
  c = await startConnector();
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.drop();
  await c.cleanup();
});

async function open(headers: Record<string, string> = {}): Promise<BayeuxSocket> {
  const socket = await BayeuxSocket.open(c.url, headers);
  sockets.push(socket);
  return socket;
}

const windowsOf = async (worker: string) => (await c.worker(worker)).windows;

describe("Bayeux over WebSocket", () => {
  it("handshakes with the session cookie and receives presence pushes", async () => {
    const socket = await open({ cookie: await c.signIn("kw1") });
    const hs = await socket.handshake();
    expect(hs).toMatchObject({ successful: true, clientId: expect.any(String) });
    expect(await windowsOf("kw1")).toBe(1);

    socket.send([
      { channel: "/meta/subscribe", clientId: hs.clientId, subscription: "/kw/kw1/presence", id: "s1" },
      { channel: "/meta/subscribe", clientId: hs.clientId, subscription: "/kw/kw2/presence", id: "s2" },
      { channel: "/meta/connect", clientId: hs.clientId, connectionType: "websocket", id: "c1", advice: { timeout: 0 } },
    ]);
    expect(await socket.reply("/meta/subscribe", "s1")).toMatchObject({ successful: true });
    expect(await socket.reply("/meta/subscribe", "s2")).toMatchObject({ successful: false, error: expect.stringMatching(/^403:/) });
    await socket.reply("/meta/connect", "c1");
    socket.send({ channel: "/meta/connect", clientId: hs.clientId, connectionType: "websocket", id: "c2" });

    await c.api("PUT", "/api/v1/workers/kw1/presence", { presence: "busy" });
    expect((await socket.reply("/kw/kw1/presence")).data).toMatchObject({ v: 2, type: "presence", presence: "busy" });
  });

  it("without a cookie the handshake is refused", async () => {
    const socket = await open();
    expect(await socket.handshake()).toMatchObject({ successful: false, error: expect.stringMatching(/^401:/), advice: { reconnect: "none" } });
    expect(await windowsOf("kw1")).toBe(0);
  });

  it("an upgrade from a foreign origin is refused with 403", async () => {
    const cookie = await c.signIn("kw1");
    await expect(BayeuxSocket.open(c.url, { cookie, origin: "http://evil.example" })).rejects.toThrow(/403/);
    await expect(BayeuxSocket.open(c.url, { cookie, origin: "null" })).rejects.toThrow(/403/);
    const own = await open({ cookie, origin: c.url });
    expect((await own.handshake()).successful).toBe(true);
  });

  it("a frame over 64 KiB closes the socket with 1009 and is not processed", async () => {
    const socket = await open({ cookie: await c.signIn("kw1") });
    socket.send({ channel: "/meta/handshake", version: "1.0", supportedConnectionTypes: ["websocket"], ext: { pad: "x".repeat(MAX_BODY_BYTES) } });
    expect(await socket.closed).toEqual({ code: 1009 });
    expect(await windowsOf("kw1")).toBe(0);
  });

  it(`a dropped socket stops counting as a window after the ${DETACH_GRACE_MS} ms grace, not before`, async () => {
    const socket = await open({ cookie: await c.signIn("kw3") });
    const hs = await socket.handshake();
    socket.send({ channel: "/meta/connect", clientId: hs.clientId, connectionType: "websocket", id: "c1", advice: { timeout: 0 } });
    await socket.reply("/meta/connect", "c1");
    expect(await windowsOf("kw3")).toBe(1);

    const dropped = Date.now();
    socket.drop();
    await waitFor(() => windowsOf("kw3"), (n) => n === 0, { timeoutMs: 15_000, intervalMs: 100, what: "the dropped window to close" });
    expect(Date.now() - dropped).toBeGreaterThanOrEqual(DETACH_GRACE_MS - 200);
  });

  it("a window whose socket drops but reconnects within the grace keeps counting once", async () => {
    const cookie = await c.signIn("kw2");
    const first = await open({ cookie });
    const hs = await first.handshake();
    expect(await windowsOf("kw2")).toBe(1);
    first.drop();
    await sleep(500);

    const second = await open({ cookie });
    second.send({ channel: "/meta/connect", clientId: hs.clientId, connectionType: "websocket", id: "c1", advice: { timeout: 0 } });
    expect(await second.reply("/meta/connect", "c1")).toMatchObject({ successful: true });
    await sleep(DETACH_GRACE_MS);
    expect(await windowsOf("kw2")).toBe(1);
  });
});
