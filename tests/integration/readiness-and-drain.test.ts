/**
 * /readyz and SIGTERM's drain on one node: 200 only while the node takes new work; while it
 * drains, 503 and new handshakes refused (503: the client tries again, elsewhere), the steps
 * under way finish, then its windows are let go so that they handshake again on another node.
 * /healthz stays liveness throughout.
 */
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { startConnector, type Connector } from "../support/harness";
import { rawHandshake } from "../support/bayeux";
import { waitFor } from "../support/wait";

let connector: Connector | undefined;
afterEach(async () => {
  await connector?.cleanup().catch(() => undefined);
  connector = undefined;
});

describe("readiness", () => {
  it("is 200 while the node takes work, beside /healthz, never cached", async () => {
    connector = await startConnector();
    const ready = await connector.request("/readyz");
    expect(ready.status).toBe(200);
    expect(ready.json).toEqual({ status: "ready" });
    expect(ready.headers["cache-control"]).toBe("no-store");
    expect((await connector.request("/healthz")).status).toBe(200);
    expect((await connector.request("/readyz", { method: "POST" })).status).toBe(405);
  });

  it("turns 503 as the node drains, refuses new handshakes, and lets its windows go at the end", async () => {
    connector = await startConnector({ drainNoticeMs: 60_000 });
    const cookie = await connector.signIn("kw1");
    const window = await connector.bayeux({ cookie } as never);
    await waitFor(() => connector!.worker("kw1"), (w) => w.windows === 1, { what: "the window counted" });

    const drained = connector.app.drain();
    const during = await waitFor(() => connector!.request("/readyz"), (r) => r.status === 503, { what: "/readyz 503 while draining" });
    expect(during.json).toEqual({ status: "not-ready" });
    expect((await connector.request("/healthz")).status).toBe(200);
    const refused = await rawHandshake(connector.url, { cookie });
    expect(refused).toMatchObject({ successful: false, error: expect.stringMatching(/^503:/) });
    // NOTE: the window already connected keeps its session until the node lets go.
    expect(window.cometd.isDisconnected()).toBe(false);
    void drained;
  });
});

describe("a drain to the end", () => {
  it("finishes the steps under way and keeps them, then lets every window go so it handshakes again elsewhere", async () => {
    const logs: Array<Record<string, unknown>> = [];
    const logger = pino({ level: "info" }, { write: (line: string) => void logs.push(JSON.parse(line)) });
    connector = await startConnector({ drainNoticeMs: 0, logger });
    const cookie = await connector.signIn("kw1");
    // NOTE: raw handshakes: two sessions, with no client of the test's left to reconnect afterwards.
    for (let i = 0; i < 2; i++) expect(await rawHandshake(connector.url, { cookie, origin: connector.url })).toMatchObject({ successful: true });
    const received = new Promise((resolve) => connector!.app.server.once("request", resolve));
    const presence = connector.request("/api/kw/presence", { method: "PUT", headers: { cookie, origin: connector.url }, body: { presence: "available" } });
    await received;
    await connector.app.drain();
    expect((await presence).status).toBe(200);
    expect(logs.find((l) => l.msg === "drained: the work is handed over, windows sent elsewhere")).toMatchObject({ windows: 2 });
    // What was acknowledged is kept: the next start shows it.
    connector = await connector.restart();
    expect((await connector.worker("kw1")).presence).toBe("available");
  });
});

describe("readiness of the owner", () => {
  it("answers ?role=owner with 200 on a node that owns the work, and refuses other roles", async () => {
    connector = await startConnector();
    expect((await connector.request("/readyz?role=owner")).json).toEqual({ status: "ready" });
    expect((await connector.request("/readyz?role=other")).status).toBe(400);
  });
});
