/**
 * Node's request limits: a body that trickles in is cut once the whole request has taken longer
 * than the request timeout, while a Bayeux long poll held longer than that is not (its request
 * was complete when its body arrived). Short limits here so it runs fast; the real ones are
 * DEFAULT_HTTP_TIMEOUTS.
 */
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_HTTP_TIMEOUTS } from "../../lib/app";
import { bayeuxPost } from "../support/bayeux";
import { startConnector, type Connector } from "../support/harness";

const REQUEST_MS = 1_000;
const HELD_POLL_SECONDS = 3;

let c: Connector;
beforeAll(async () => {
  c = await startConnector({
    bayeuxTimeoutSeconds: HELD_POLL_SECONDS,
    httpTimeouts: { requestMs: REQUEST_MS, headersMs: 800, checkIntervalMs: 100 },
  });
});
afterAll(async () => {
  await c?.cleanup();
});

describe("request timeouts", () => {
  it("defaults: the whole request 30 s, headers 20 s, keep-alive 65 s (above load balancers' 60 s)", () => {
    expect(DEFAULT_HTTP_TIMEOUTS).toMatchObject({ requestMs: 30_000, headersMs: 20_000, keepAliveMs: 65_000 });
  });

  it("cuts a body that trickles in a byte at a time", async () => {
    const { port } = new URL(c.url);
    const socket = net.connect(Number(port), "127.0.0.1");
    let answer = "";
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString("latin1")));
    socket.on("error", () => undefined);
    socket.write(`POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n`);
    const trickle = setInterval(() => socket.writable && socket.write(" "), 100);
    // The state waited for: the server closes the connection (after a 408).
    await new Promise<void>((resolve) => socket.once("close", () => resolve()));
    clearInterval(trickle);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("does not cut a long poll held longer than the request timeout", async () => {
    const cookie = await c.signIn("kw1");
    const [handshake] = (await bayeuxPost(c.url, { channel: "/meta/handshake", version: "1.0", supportedConnectionTypes: ["long-polling"] }, { cookie })).replies;
    const connect = { channel: "/meta/connect", clientId: handshake.clientId, connectionType: "long-polling" };
    // The first connect is answered at once; the second is held for the Bayeux timeout.
    await bayeuxPost(c.url, { ...connect, advice: { timeout: 0 } }, { cookie });
    const started = Date.now();
    const held = await bayeuxPost(c.url, connect, { cookie });
    expect(held.status).toBe(200);
    expect(held.replies.find((r) => r.channel === "/meta/connect")).toMatchObject({ successful: true });
    expect(Date.now() - started).toBeGreaterThan(REQUEST_MS * 2);
  });
});
