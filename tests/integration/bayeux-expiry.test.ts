/**
 * A window that goes away without saying goodbye: its Bayeux session expires after about twice the
 * long-poll timeout and the window stops counting (so offers fall back to IM invitations, B7/B8).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bayeuxPost, rawHandshake } from "../support/bayeux";
import { startConnector, type Connector } from "../support/harness";
import { sleep, waitFor } from "../support/wait";

const TIMEOUT_S = 2;

let c: Connector;
beforeEach(async () => {
  c = await startConnector({ bayeuxTimeoutSeconds: TIMEOUT_S });
});
afterEach(async () => {
  await c.cleanup();
});

const windowsOf = async (worker: string) => (await c.worker(worker)).windows;

describe("silent clients expire", () => {
  it("a raw long-polling client that handshakes, connects once and then stops drops to 0 within ~2x timeout", async () => {
    const cookie = await c.signIn("kw1");
    const hs = await rawHandshake(c.url, { cookie });
    expect(hs.successful).toBe(true);
    // The server advises the configured timeout.
    expect(hs.advice).toMatchObject({ reconnect: "retry", timeout: TIMEOUT_S * 1000 });
    const started = Date.now();
    const first = await bayeuxPost(c.url, { channel: "/meta/connect", clientId: hs.clientId, connectionType: "long-polling", advice: { timeout: 0 } }, { cookie });
    expect(first.replies.find((r) => r.channel === "/meta/connect")).toMatchObject({ successful: true });
    expect(await windowsOf("kw1")).toBe(1);

    await sleep(TIMEOUT_S * 1000); // half the expiry: still open
    expect(await windowsOf("kw1")).toBe(1);

    await waitFor(() => windowsOf("kw1"), (n) => n === 0, { timeoutMs: TIMEOUT_S * 2 * 1000 + 15_000, intervalMs: 100, what: "the silent window to close" });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_S * 2 * 1000 - 500);

    const metrics = (await c.request("/metrics")).text;
    expect(metrics).toMatch(/^ucc_windows_open 0$/m);
    expect(metrics).toMatch(/^ucc_bayeux_sessions 0$/m);

    // The expired session is gone for good: its clientId is unknown now.
    const late = await bayeuxPost(c.url, { channel: "/meta/connect", clientId: hs.clientId, connectionType: "long-polling" }, { cookie });
    // ...and the reply tells a returning client to handshake again (as a new window).
    expect(late.replies[0]).toMatchObject({ successful: false, advice: { reconnect: "handshake" } });
    expect(await windowsOf("kw1")).toBe(0);
  });

  it("a real cometd client stays open while it polls, and expires once its network goes silent", async () => {
    const cookie = await c.signIn("kw2");
    const client = await c.bayeux({ cookie });
    expect(await windowsOf("kw2")).toBe(1);

    // Polling for longer than the expiry keeps it open.
    await sleep(TIMEOUT_S * 2 * 1000 + 500);
    expect(await windowsOf("kw2")).toBe(1);
    expect(client.cometd.getStatus()).toBe("connected");

    // Now every message it sends is lost on the way (a dead network, a frozen tab).
    client.cometd.registerExtension("blackhole", { outgoing: () => null });
    await waitFor(() => windowsOf("kw2"), (n) => n === 0, {
      timeoutMs: TIMEOUT_S * 3 * 1000 + 15_000,
      intervalMs: 100,
      what: "the silent cometd window to close",
    });
    expect((await c.request("/metrics")).text).toMatch(/^ucc_bayeux_sessions 0$/m);
    // The presence is the connector's, not the window's (B2).
    expect((await c.worker("kw2")).presence).toBe("offline");
  });
});
