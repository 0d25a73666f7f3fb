/** The /cometd endpoint with a real cometd client: sign-in by cookie, channel policy, pushes, windows. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../../lib/http/io";
import { bayeuxPost, HandshakeRefused, handshake, rawHandshake } from "../support/bayeux";
import { rawRequest } from "../support/http";
import { startConnector, type Connector } from "../support/harness";
import { sleep, waitFor } from "../support/wait";

let c: Connector;
beforeEach(async () => {
  c = await startConnector();
});
afterEach(async () => {
  await c.cleanup();
});

const windowsOf = async (worker: string) => (await c.worker(worker)).windows;

async function metric(name: string): Promise<number> {
  const res = await c.request("/metrics");
  const line = res.text.split("\n").find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`metric ${name} not found`);
  return Number(line.split(" ")[1]);
}

describe("handshake", () => {
  it("without a cookie is refused with 401 and advice reconnect none; the client does not retry", async () => {
    const cometd = c.cometd();
    let attempts = 0;
    cometd.registerExtension("count-handshakes", {
      outgoing(message) {
        if (message.channel === "/meta/handshake") attempts++;
        return message;
      },
    });
    const error = await handshake(cometd).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HandshakeRefused);
    const reply = (error as HandshakeRefused).reply;
    expect(reply.successful).toBe(false);
    expect(reply.error).toMatch(/^401:/);
    expect(reply.advice?.reconnect).toBe("none");

    await sleep(1_500); // cometd's first back-off is 1 s: a retry would show by now
    expect(attempts).toBe(1);
    expect(cometd.getStatus()).toBe("disconnected");
    expect(await windowsOf("kw1")).toBe(0);
    expect(await metric("ucc_bayeux_sessions")).toBe(0);
  });

  it.each(["ucc_session=forged-token", "ucc_session="])("with cookie %j is refused", async (cookie) => {
    await expect(handshake(c.cometd({ cookie }))).rejects.toBeInstanceOf(HandshakeRefused);
    expect(await metric("ucc_bayeux_sessions")).toBe(0);
  });

  it("from a foreign origin is refused even with a valid cookie", async () => {
    const cookie = await c.signIn("kw1");
    const refused = await handshake(c.cometd({ cookie, headers: { Origin: "http://evil.example" } })).catch((e: HandshakeRefused) => e);
    expect(refused).toBeInstanceOf(HandshakeRefused);
    expect((refused as HandshakeRefused).reply.error).toMatch(/^403:/);
    expect(await windowsOf("kw1")).toBe(0);
  });

  it("from the connector's own origin with a cookie succeeds", async () => {
    const cookie = await c.signIn("kw1");
    const client = await c.bayeux({ cookie, headers: { Origin: c.url } });
    expect(client.clientId).toBeTruthy();
  });
});

describe("subscriptions", () => {
  it("kw1 may subscribe to its own presence and offers channels", async () => {
    const kw1 = await c.bayeux({ cookie: await c.signIn("kw1") });
    expect(await kw1.subscribe("/kw/kw1/presence")).toMatchObject({ successful: true, subscription: "/kw/kw1/presence" });
    expect(await kw1.subscribe("/kw/kw1/offers")).toMatchObject({ successful: true, subscription: "/kw/kw1/offers" });
  });

  it.each(["/kw/kw2/presence", "/kw/kw2/offers", "/kw/*", "/kw/**", "/**", "/kw/kw1/*", "/kw/kw1/secret", "/chat/x"])(
    "kw1 subscribing %s is refused (403) and receives nothing from it",
    async (channel) => {
      const kw1 = await c.bayeux({ cookie: await c.signIn("kw1") });
      const reply = await kw1.subscribe(channel);
      expect(reply.successful).toBe(false);
      expect(reply.error).toMatch(/^403:/);

      await c.api("PUT", "/api/v1/workers/kw2/presence", { presence: "busy" });
      await c.api("PUT", "/api/v1/workers/kw1/presence", { presence: "busy" });
      await sleep(300);
      expect(kw1.messagesOn(channel)).toEqual([]);
    },
  );
});

describe("presence pushes", () => {
  it("a change through the integration API arrives on the worker's channel", async () => {
    const kw1 = await c.bayeux({ cookie: await c.signIn("kw1") });
    await kw1.subscribe("/kw/kw1/presence");
    const next = kw1.nextMessage("/kw/kw1/presence");
    const put = await c.api("PUT", "/api/v1/workers/kw1/presence", { presence: "busy" });
    expect(put.status).toBe(200);
    const message = await next;
    expect(message).toEqual({ v: 2, type: "presence", presence: "busy", since: expect.any(String) });
    expect(Date.parse(message.since)).not.toBeNaN();
  });

  it("a change from the web client reaches every open window of that worker, and only that worker", async () => {
    const cookie1 = await c.signIn("kw1");
    const windowA = await c.bayeux({ cookie: cookie1 });
    const windowB = await c.bayeux({ cookie: await c.signIn("kw1") });
    const kw2 = await c.bayeux({ cookie: await c.signIn("kw2") });
    for (const [client, channel] of [[windowA, "/kw/kw1/presence"], [windowB, "/kw/kw1/presence"], [kw2, "/kw/kw2/presence"]] as const) {
      expect((await client.subscribe(channel)).successful).toBe(true);
    }
    const a = windowA.nextMessage("/kw/kw1/presence");
    const b = windowB.nextMessage("/kw/kw1/presence");
    const res = await c.request("/api/kw/presence", { method: "PUT", headers: { cookie: cookie1 }, body: { presence: "dnd" } });
    expect(res.status).toBe(200);
    expect(await a).toMatchObject({ v: 2, type: "presence", presence: "dnd" });
    expect(await b).toMatchObject({ v: 2, type: "presence", presence: "dnd" });
    await sleep(200);
    expect(kw2.messagesOn("/kw/kw2/presence")).toEqual([]);
  });

  it("setting the same presence again pushes nothing", async () => {
    const kw1 = await c.bayeux({ cookie: await c.signIn("kw1") });
    await kw1.subscribe("/kw/kw1/presence");
    await c.api("PUT", "/api/v1/workers/kw1/presence", { presence: "away" });
    await kw1.nextMessage("/kw/kw1/presence");
    await c.api("PUT", "/api/v1/workers/kw1/presence", { presence: "away" });
    await sleep(300);
    expect(kw1.messagesOn("/kw/kw1/presence")).toHaveLength(1);
  });
});

describe("publishing", () => {
  it("a client may not publish, not even on its own channel, and nobody receives it", async () => {
    const cookie = await c.signIn("kw1");
    const listener = await c.bayeux({ cookie });
    await listener.subscribe("/kw/kw1/presence");
    const publisher = await c.bayeux({ cookie });
    for (const channel of ["/kw/kw1/presence", "/kw/kw2/presence", "/service/anything"]) {
      const reply = await publisher.publish(channel, { v: 2, type: "presence", presence: "available", since: new Date().toISOString() });
      expect(reply.successful, channel).toBe(false);
      expect(reply.error).toMatch(/^403:/);
    }
    await sleep(300);
    expect(listener.messagesOn("/kw/kw1/presence")).toEqual([]);
    expect((await c.worker("kw1")).presence).toBe("offline");
  });
});

describe("sessions are bound to who handshook them", () => {
  it("another worker cannot use kw1's clientId to subscribe, connect or disconnect", async () => {
    const kw1 = await c.bayeux({ cookie: await c.signIn("kw1") });
    const clientId = kw1.clientId;
    const kw2Cookie = await c.signIn("kw2");
    const { replies } = await bayeuxPost(
      c.url,
      [
        { channel: "/meta/subscribe", clientId, subscription: "/kw/kw1/presence", id: "s" },
        { channel: "/meta/disconnect", clientId, id: "d" },
      ],
      { cookie: kw2Cookie },
    );
    expect(replies.find((r) => r.id === "s")).toMatchObject({ successful: false, error: expect.stringMatching(/^403:/) });
    expect(replies.find((r) => r.id === "d")).toMatchObject({ successful: false, error: expect.stringMatching(/^403:/) });
    expect(await windowsOf("kw1")).toBe(1);

    const connect = await bayeuxPost(c.url, { channel: "/meta/connect", clientId, connectionType: "long-polling", id: "c" }, { cookie: kw2Cookie });
    expect(connect.replies.find((r) => r.id === "c")).toMatchObject({ successful: false, error: expect.stringMatching(/^403:/) });
  });

  it("without the cookie the clientId alone is worth nothing", async () => {
    const kw1 = await c.bayeux({ cookie: await c.signIn("kw1") });
    const { replies } = await bayeuxPost(c.url, { channel: "/meta/subscribe", clientId: kw1.clientId, subscription: "/kw/kw1/presence", id: "s" });
    expect(replies[0]).toMatchObject({ successful: false, error: expect.stringMatching(/^401:/) });
  });

  it("a made-up clientId is refused", async () => {
    const { replies } = await bayeuxPost(
      c.url,
      { channel: "/meta/subscribe", clientId: "madeup123", subscription: "/kw/kw1/presence", id: "s" },
      { cookie: await c.signIn("kw1") },
    );
    // Refused by the authorizer (403, no session bound) or by faye itself (401 unknown client).
    expect(replies[0]).toMatchObject({ successful: false, error: expect.stringMatching(/^40[13]:/) });
  });

  it("after sign-out the session's cookie no longer works on /cometd", async () => {
    const cookie = await c.signIn("kw1");
    const hs = await rawHandshake(c.url, { cookie });
    expect(hs.successful).toBe(true);
    expect((await c.request("/signout", { method: "POST", headers: { cookie } })).status).toBe(200);
    const { replies } = await bayeuxPost(c.url, { channel: "/meta/subscribe", clientId: hs.clientId, subscription: "/kw/kw1/presence", id: "s" }, { cookie });
    expect(replies[0]).toMatchObject({ successful: false, error: expect.stringMatching(/^401:/) });
    expect((await rawHandshake(c.url, { cookie })).successful).toBe(false);
  });
});

describe("windows", () => {
  it("count 0 -> 1 on handshake -> 0 on disconnect, also in the metrics", async () => {
    expect(await windowsOf("kw1")).toBe(0);
    const client = await c.bayeux({ cookie: await c.signIn("kw1") });
    expect(await windowsOf("kw1")).toBe(1);
    expect(await windowsOf("kw2")).toBe(0);
    expect(await metric("ucc_windows_open")).toBe(1);
    expect(await metric("ucc_bayeux_sessions")).toBe(1);

    await client.disconnect();
    expect(client.cometd.isDisconnected()).toBe(true);
    await waitFor(() => windowsOf("kw1"), (n) => n === 0, { timeoutMs: 15_000, what: "kw1 windows to be 0" });
    expect(await metric("ucc_windows_open")).toBe(0);
    expect(await metric("ucc_bayeux_sessions")).toBe(0);
  });

  it("counts each open window of a worker", async () => {
    const cookie = await c.signIn("kw1");
    const a = await c.bayeux({ cookie });
    const b = await c.bayeux({ cookie });
    await c.bayeux({ cookie: await c.signIn("kw2") });
    expect(await windowsOf("kw1")).toBe(2);
    expect(await windowsOf("kw2")).toBe(1);
    expect(await metric("ucc_windows_open")).toBe(3);
    await a.disconnect();
    await waitFor(() => windowsOf("kw1"), (n) => n === 1, { timeoutMs: 15_000, what: "kw1 windows to be 1" });
    await b.disconnect();
    await waitFor(() => windowsOf("kw1"), (n) => n === 0, { timeoutMs: 15_000, what: "kw1 windows to be 0" });
    expect(await windowsOf("kw2")).toBe(1);
  });

  it("closing a window keeps the presence (B2)", async () => {
    const cookie = await c.signIn("kw1");
    const client = await c.bayeux({ cookie });
    await c.request("/api/kw/presence", { method: "PUT", headers: { cookie }, body: { presence: "available" } });
    await client.disconnect();
    await waitFor(() => windowsOf("kw1"), (n) => n === 0, { timeoutMs: 15_000 });
    expect((await c.worker("kw1")).presence).toBe("available");
    expect((await c.events()).map((e) => e.type)).toEqual(["RequestAgentReady"]);
  });
});

describe("body limit on /cometd", () => {
  it("a POST whose Content-Length is over 64 KiB is refused with 413 before it is read", async () => {
    const cookie = await c.signIn("kw1");
    const res = await rawRequest(`${c.url}/cometd`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json", "content-length": MAX_BODY_BYTES + 1 },
      headersOnly: true,
    });
    expect(res.status).toBe(413);
    expect(res.json).toEqual({ error: { code: "payload_too_large", message: expect.any(String) } });
    expect(await windowsOf("kw1")).toBe(0);
  });

  it("a whole oversized handshake batch is refused with 413 and opens no window", async () => {
    const cookie = await c.signIn("kw1");
    const handshakeMessage = { channel: "/meta/handshake", version: "1.0", supportedConnectionTypes: ["long-polling"], ext: { pad: "x".repeat(MAX_BODY_BYTES) } };
    const res = await rawRequest(`${c.url}/cometd`, { method: "POST", headers: { cookie }, body: [handshakeMessage] });
    expect(res.status).toBe(413);
    expect(await windowsOf("kw1")).toBe(0);
    expect(await metric("ucc_bayeux_sessions")).toBe(0);
  });

  it("a chunked oversized body is refused too (413) and opens no window", async () => {
    const cookie = await c.signIn("kw1");
    const handshakeMessage = { channel: "/meta/handshake", version: "1.0", supportedConnectionTypes: ["long-polling"], ext: { pad: "x".repeat(MAX_BODY_BYTES) } };
    const res = await rawRequest(`${c.url}/cometd`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json", "transfer-encoding": "chunked" },
      body: JSON.stringify([handshakeMessage]),
    }).catch((error: Error) => ({ status: -1, error }));
    // The connector may refuse before or after reading; it must not accept.
    expect(res.status).toBe(413);
    expect(await windowsOf("kw1")).toBe(0);
  });

  it("a normal-sized raw handshake with a cookie succeeds (the limit is not too tight)", async () => {
    const hs = await rawHandshake(c.url, { cookie: await c.signIn("kw1") });
    expect(hs).toMatchObject({ successful: true, clientId: expect.any(String) });
    expect(await windowsOf("kw1")).toBe(1);
  });
});
