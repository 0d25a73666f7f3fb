/**
 * The desktop companion's link to the connector (B11), with a real cometd client: pairing, the
 * companion's handshake and what it may reach, acks of its test and heartbeats, and unpairing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { companionChannels } from "../../lib/companion/protocol";
import { handshake, HandshakeRefused } from "../support/bayeux";
import { companionCometD, connectCompanion, pairCompanion } from "../support/companion-bayeux";
import { startConnector, type Connector } from "../support/harness";
import { waitFor } from "../support/wait";

let connector: Connector;
beforeAll(async () => {
  connector = await startConnector({ config: { ...(await import("../support/harness")).demoConfigRaw(), "uc-connector": { "gla-kpl-time": 20, "gla-kpl-response-time": 5 } } });
});
afterAll(async () => {
  await connector?.cleanup();
});

const json = { "content-type": "application/json" };
const pair = (worker: string, code: string) => connector.request("/api/companion/pair", { method: "POST", headers: json, body: JSON.stringify({ worker, code }) });

describe("pairing", () => {
  it("gives a signed-in worker a one-time code for 10 minutes, and nobody else one", async () => {
    expect((await connector.request("/api/kw/companion/pairing-code", { method: "POST" })).status).toBe(401);
    const cookie = await connector.signIn("kw1");
    const before = Date.now();
    const res = await connector.request("/api/kw/companion/pairing-code", { method: "POST", headers: { cookie } });
    expect(res.status).toBe(201);
    expect(res.json.code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    const ttl = Date.parse(res.json.expiresAt) - before;
    expect(ttl).toBeGreaterThan(9 * 60_000);
    expect(ttl).toBeLessThanOrEqual(10 * 60_000 + 1_000);
  });

  it("exchanges a code once for a credential; a new code replaces the old; a wrong worker spends it", async () => {
    const cookie = await connector.signIn("kw2");
    const first = (await connector.request("/api/kw/companion/pairing-code", { method: "POST", headers: { cookie } })).json.code;
    const second = (await connector.request("/api/kw/companion/pairing-code", { method: "POST", headers: { cookie } })).json.code;
    expect((await pair("kw2", first)).status).toBe(401);
    const ok = await pair("kw2", second.toLowerCase());
    expect(ok.status).toBe(201);
    expect(ok.json.credential.length).toBeGreaterThanOrEqual(40);
    expect((await pair("kw2", second)).status).toBe(401);

    const third = (await connector.request("/api/kw/companion/pairing-code", { method: "POST", headers: { cookie } })).json.code;
    expect((await pair("kw1", third)).status).toBe(401);
    expect((await pair("kw2", third)).status).toBe(401);
    expect((await pair("kw2", "x")).status).toBe(400);
  });

  it("refuses a pairing code from another site", async () => {
    const cookie = await connector.signIn("kw1");
    const res = await connector.request("/api/kw/companion/pairing-code", { method: "POST", headers: { cookie, origin: "https://evil.example" } });
    expect(res.status).toBe(403);
  });
});

describe("the companion's Bayeux session", () => {
  it("answers the test with the connector's keep-alive pace, and each heartbeat with its seq", async () => {
    const companion = await connectCompanion(connector, "kw1");
    expect((await companion.say({ type: "test", seq: 1, version: "test" })).successful).toBe(true);
    expect(await companion.heard((m) => m.type === "ack" && m.seq === 1)).toEqual({ type: "ack", seq: 1, keepAlive: { intervalSeconds: 20, responseSeconds: 5 } });
    expect((await companion.say({ type: "heartbeat", seq: 2 })).successful).toBe(true);
    expect(await companion.heard((m) => m.seq === 2)).toEqual({ type: "ack", seq: 2 });
    await companion.disconnect();
  });

  it("refuses a message outside the protocol with a Bayeux error, and answers nothing", async () => {
    const companion = await connectCompanion(connector, "kw1");
    const reply = await companion.say({ type: "heartbeat", seq: -1 });
    expect(reply.successful).toBe(false);
    expect(String(reply.error)).toMatch(/^400::/);
    expect((await companion.say({ type: "launch" })).successful).toBe(false);
    expect((await companion.say({ type: "heartbeat", seq: 3 })).successful).toBe(true);
    await companion.heard((m) => m.seq === 3);
    expect(companion.messagesOn(companionChannels.down("kw1"))).toEqual([{ type: "ack", seq: 3 }]);
    await companion.disconnect();
  });

  it("reaches its own worker's companion channels only", async () => {
    const companion = await connectCompanion(connector, "kw1");
    expect((await companion.subscribe(companionChannels.down("kw2"))).successful).toBe(false);
    expect((await companion.subscribe(companionChannels.up("kw1"))).successful).toBe(false);
    expect((await companion.subscribe("/kw/kw1/offers")).successful).toBe(false);
    expect((await companion.subscribe("/companion/*/down")).successful).toBe(false);
    expect((await companion.publish(companionChannels.up("kw2"), { type: "heartbeat", seq: 1 })).successful).toBe(false);
    expect((await companion.publish(companionChannels.down("kw1"), { type: "ack", seq: 1 })).successful).toBe(false);
    await companion.disconnect();
  });

  it("is refused with a wrong credential, another worker's credential, or none", async () => {
    const credential = await pairCompanion(connector, "kw3");
    await expect(handshake(companionCometD(connector, "kw3", "y".repeat(43)))).rejects.toBeInstanceOf(HandshakeRefused);
    await expect(handshake(companionCometD(connector, "kw1", credential))).rejects.toBeInstanceOf(HandshakeRefused);
    await expect(handshake(connector.cometd())).rejects.toBeInstanceOf(HandshakeRefused);
  });

  it("is out of reach of the worker's browser session", async () => {
    const browser = await connector.bayeux({ cookie: await connector.signIn("kw1") });
    expect((await browser.subscribe(companionChannels.down("kw1"))).successful).toBe(false);
    expect((await browser.subscribe(companionChannels.up("kw1"))).successful).toBe(false);
    expect((await browser.publish(companionChannels.up("kw1"), { type: "heartbeat", seq: 1 })).successful).toBe(false);
    await browser.disconnect();
  });
});

describe("the worker's companion as the connector knows it", () => {
  let connector: Connector;
  beforeAll(async () => {
    connector = await startConnector();
  });
  afterAll(async () => {
    await connector?.cleanup();
  });

  it("is connected while its session lives, with the softphone it reports; unpairing ends it", async () => {
    const cookie = await connector.signIn("kw2");
    const view = async () => (await connector.request("/api/kw/companion", { headers: { cookie } })).json;
    expect(await view()).toEqual({ connected: false, softphone: "absent", paired: false });
    const credential = await pairCompanion(connector, "kw2");
    expect(await view()).toEqual({ connected: false, softphone: "absent", paired: true });
    const companion = await connectCompanion(connector, "kw2", credential);
    await waitFor(view, (v) => v.connected === true, { what: "companion connected" });
    await companion.say({ type: "softphone", state: "ready" });
    await waitFor(view, (v) => v.softphone === "ready", { what: "softphone ready" });
    expect((await connector.worker("kw2")).companion).toEqual({ connected: true, softphone: "ready" });
    expect((await connector.worker("kw1")).companion).toEqual({ connected: false, softphone: "absent" });

    expect((await connector.request("/api/kw/companion", { method: "DELETE", headers: { cookie } })).json).toEqual({ unpaired: true, credentials: 1 });
    await waitFor(view, (v) => v.connected === false, { what: "companion gone" });
    expect(await view()).toEqual({ connected: false, softphone: "absent", paired: false });
    await expect(handshake(companionCometD(connector, "kw2", credential))).rejects.toBeInstanceOf(HandshakeRefused);
  });
});

describe("pairing attempts", () => {
  it("are limited per address: guessing codes gets 429 with Retry-After", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12 && !statuses.includes(429); i++) statuses.push((await pair("kw3", "ABCDE-FGHJK")).status);
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
  });
});

describe("heartbeats in /metrics", () => {
  let connector: Connector;
  beforeAll(async () => {
    connector = await startConnector({ config: { ...(await import("../support/harness")).demoConfigRaw(), "uc-connector": { "gla-kpl-time": 4, "gla-kpl-response-time": 3 } } });
  });
  afterAll(async () => {
    await connector?.cleanup();
  });

  it("counts heartbeats answered, companions connected, and a companion silent past gla-kpl-time + gla-kpl-response-time as a miss", async () => {
    const metric = async (name: string) => Number(new RegExp(`^${name} (\\d+)`, "m").exec((await connector.request("/metrics")).text)?.[1] ?? NaN);
    const companion = await connectCompanion(connector, "kw1");
    await companion.say({ type: "heartbeat", seq: 1 });
    await companion.heard((m) => m.seq === 1);
    expect(await metric("ucc_companion_heartbeats_total")).toBe(1);
    expect(await metric("ucc_companions_connected")).toBe(1);
    expect(await metric("ucc_companion_heartbeat_misses_total")).toBe(0);
    // The companion now stays silent: after 7 s without a heartbeat the connector counts a miss.
    await waitFor(() => metric("ucc_companion_heartbeat_misses_total"), (n) => n === 1, { what: "a heartbeat miss", timeoutMs: 20_000, intervalMs: 250 });
    await companion.disconnect();
    await waitFor(() => metric("ucc_companions_connected"), (n) => n === 0, { what: "no companion connected" });
  }, 30_000);
});
