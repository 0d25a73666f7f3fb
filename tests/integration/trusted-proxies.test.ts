/**
 * Behind a load balancer: `trusted-proxies` makes the connector believe Forwarded /
 * X-Forwarded-* from those peers only (here the test itself, on 127.0.0.1) for the client's
 * address (the chat-start limit, IPv6 by /64), the scheme (Secure cookies, HSTS) and the host
 * (the Origin checks, on HTTP and on the WebSocket upgrade); UCC_PUBLIC_URL, when set, is the
 * one origin. From other peers the headers change nothing, and they make a request non-local.
 */
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postDevSignIn } from "../support/sign-in";
import { demoConfigRaw, startConnector, type Connector } from "../support/harness";
import { BayeuxSocket } from "../support/websocket";

let behindProxy: Connector;
let direct: Connector;
let withPublicUrl: Connector;
const logLines: Array<Record<string, unknown>> = [];
beforeAll(async () => {
  const logger = pino({ level: "info" }, { write: (line: string) => void logLines.push(JSON.parse(line)) });
  behindProxy = await startConnector({ config: { ...demoConfigRaw(), "trusted-proxies": ["127.0.0.1/32", "::1"] }, logger });
  direct = await startConnector();
  withPublicUrl = await startConnector({ publicUrl: "https://ucc.example.com/" });
});
afterAll(async () => {
  await Promise.all([behindProxy?.cleanup(), direct?.cleanup(), withPublicUrl?.cleanup()]);
});

const startChat = (c: Connector, headers: Record<string, string>) =>
  c.request("/api/chat", { method: "POST", headers, body: { name: "Casey", subject: "Help" } });

/** Starts chats until one is refused; resolves with how many were let through (the burst is 5). */
async function startsAllowed(c: Connector, headersOf: (i: number) => Record<string, string>, tries = 6): Promise<number> {
  for (let i = 0; i < tries; i++) {
    const res = await startChat(c, headersOf(i));
    if (res.status === 429) return i;
    expect(res.status).toBe(201);
  }
  return tries;
}

const fromLb = { "x-forwarded-proto": "https", "x-forwarded-host": "kw.example.com" };

describe("the chat-start limit counts the client the trusted proxy reports", () => {
  it("two clients behind the same proxy each get their own burst", async () => {
    expect(await startsAllowed(behindProxy, () => ({ "x-forwarded-for": "198.51.100.7" }))).toBe(5);
    expect(await startsAllowed(behindProxy, () => ({ "x-forwarded-for": "198.51.100.8" }), 1)).toBe(1);
    // A client cannot pick its own key by prepending an address: the right-most untrusted one counts.
    expect(await startsAllowed(behindProxy, () => ({ "x-forwarded-for": "203.0.113.1, 198.51.100.7" }), 1)).toBe(0);
  });

  it("Forwarded is read the same way, and IPv6 counts by its /64", async () => {
    expect(await startsAllowed(behindProxy, (i) => ({ forwarded: `for="[2001:db8:1:2::${i + 1}]:4711"` }))).toBe(5);
    expect(await startsAllowed(behindProxy, () => ({ forwarded: 'for="[2001:db8:1:3::1]"' }), 1)).toBe(1);
  });

  it("from a peer that is not a trusted proxy, the headers are ignored: every chat counts against the peer", async () => {
    expect(await startsAllowed(direct, (i) => ({ "x-forwarded-for": `198.51.100.${i + 1}` }))).toBe(5);
  });
});

describe("logs", () => {
  it("name the client the trusted proxy reports", async () => {
    const res = await behindProxy.request("/api/v1/workers/kw1", { headers: { "x-forwarded-for": "198.51.100.99" } });
    expect(res.status).toBe(401);
    expect(logLines.find((line) => line.msg === "request refused" && line.route === "/api/v1/workers/:id")).toMatchObject({ client: "198.51.100.99" });
  });
});

describe("the scheme a trusted proxy reports", () => {
  it("HSTS on every answer to an https client", async () => {
    expect((await behindProxy.request("/healthz", { headers: fromLb })).headers["strict-transport-security"]).toBe("max-age=31536000");
    expect((await behindProxy.request("/healthz", { headers: { "x-forwarded-proto": "http" } })).headers["strict-transport-security"]).toBeUndefined();
    expect((await direct.request("/healthz", { headers: fromLb })).headers["strict-transport-security"]).toBeUndefined();
  });

  it("cookies are Secure (the cleared session cookies of a sign-out here)", async () => {
    const behind = await behindProxy.request("/signout", { method: "POST", headers: fromLb });
    const cookies = ([] as string[]).concat(behind.headers["set-cookie"] ?? []);
    expect(cookies).toHaveLength(2);
    for (const cookie of cookies) expect(cookie.split("; ")).toContain("Secure");
    const plain = await direct.request("/signout", { method: "POST", headers: fromLb });
    expect(([] as string[]).concat(plain.headers["set-cookie"] ?? []).join(";")).not.toContain("Secure");
  });
});

describe("the origin checks", () => {
  it("a page served through the proxy may POST with its own origin; a foreign one may not", async () => {
    expect((await startChat(behindProxy, { ...fromLb, "x-forwarded-for": "198.51.100.20", origin: "https://kw.example.com" })).status).toBe(201);
    expect((await startChat(behindProxy, { ...fromLb, "x-forwarded-for": "198.51.100.21", origin: "https://evil.example" })).status).toBe(403);
    // Not believed from a peer that is no trusted proxy.
    expect((await startChat(direct, { ...fromLb, origin: "https://kw.example.com" })).status).toBe(403);
  });

  it("the WebSocket upgrade to /cometd follows the same origin", async () => {
    const cookie = await behindProxy.signIn("kw1");
    const socket = await BayeuxSocket.open(behindProxy.url, { cookie, ...fromLb, origin: "https://kw.example.com" });
    expect(await socket.handshake()).toMatchObject({ successful: true });
    socket.socket.close();
    await expect(BayeuxSocket.open(direct.url, { cookie: await direct.signIn("kw1"), ...fromLb, origin: "https://kw.example.com" })).rejects.toThrow(/403/);
  });

  it("with UCC_PUBLIC_URL set, it is the one origin", async () => {
    expect((await startChat(withPublicUrl, { origin: "https://ucc.example.com" })).status).toBe(201);
    expect((await startChat(withPublicUrl, { origin: withPublicUrl.url })).status).toBe(403);
  });
});

describe("a request with proxy headers is never local", () => {
  it.each<Record<string, string>>([
    { "x-forwarded-for": "127.0.0.1" },
    { forwarded: "for=127.0.0.1" },
    { "x-real-ip": "127.0.0.1" },
    { "x-forwarded-proto": "http" },
    { "x-forwarded-host": "127.0.0.1" },
  ])("dev sign-in refuses %j", async (headers) => {
    const res = await postDevSignIn(direct.url, "kw1", headers);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("forbidden");
  });
});
