/**
 * /cometd serves exactly what the authorizer sees: a JSON POST on /cometd and the WebSocket
 * upgrade there. Each test below drives one of faye's other transports the way an attacker
 * would; without the gate each of them answered (a stream of another client's pushes, a signed-in
 * handshake inside a script, a CORS grant with credentials).
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bayeuxPost } from "../support/bayeux";
import { startConnector, type Connector } from "../support/harness";
import { BayeuxSocket } from "../support/websocket";

let c: Connector;
beforeAll(async () => {
  c = await startConnector();
});
afterAll(async () => {
  await c?.cleanup();
});

const HANDSHAKE = JSON.stringify([{ channel: "/meta/handshake", version: "1.0", supportedConnectionTypes: ["long-polling", "callback-polling"] }]);

/** A JSON error in the vocabulary, and no CORS grant. */
function expectRefusal(res: { status: number; headers: http.IncomingHttpHeaders; text: string }, status: number, code: string) {
  expect({ status: res.status, body: res.text }).toEqual({ status, body: expect.stringContaining(`"code":"${code}"`) });
  expect(res.headers["content-type"]).toMatch(/^application\/json/);
  expect(res.headers["access-control-allow-origin"]).toBeUndefined();
  expect(res.headers["access-control-allow-credentials"]).toBeUndefined();
}

/**
 * Opens a GET and reads it until it ends or `enough` says the body holds what it looks for,
 * calling `whileOpen` once the headers are in (to cause a push while a stream is held).
 */
function streamGet(pathname: string, headers: Record<string, string>, whileOpen: () => Promise<unknown>, enough: (body: string) => boolean) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>((resolve, reject) => {
    const req = http.get(c.url + pathname, { headers, agent: false }, (res) => {
      let text = "";
      const done = () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text });
      };
      res.on("data", (chunk: Buffer) => {
        text += chunk.toString("utf8");
        if (enough(text)) done();
      });
      res.on("end", done);
      whileOpen().catch(reject);
    });
    req.on("error", reject);
  });
}

describe("refused transports", () => {
  it("EventSource: holding another client's id no longer streams its pushes", async () => {
    const cookie = await c.signIn("kw1");
    const kw1 = await c.bayeux({ cookie });
    await kw1.subscribe("/kw/kw1/presence");
    // The attacker knows the client id only: no cookie, no Origin.
    const res = await streamGet(
      `/cometd/${kw1.clientId}`,
      { accept: "text/event-stream" },
      () => c.api("PUT", "/api/v1/workers/kw1/presence", { presence: "busy" }),
      (body) => body.includes('"presence":"busy"'),
    );
    expect(res.text).not.toContain('"presence":"busy"');
    expectRefusal(res, 404, "not_found");
  });

  it("JSONP / callback-polling: a GET with a callback no longer hands a signed-in handshake to a script", async () => {
    const cookie = await c.signIn("kw1");
    const res = await c.request(`/cometd?message=${encodeURIComponent(HANDSHAKE)}&jsonp=steal`, { headers: { cookie } });
    expect(res.text).not.toContain("steal(");
    expectRefusal(res, 405, "method_not_allowed");
    expect(res.headers.allow).toBe("POST");
  });

  it("a form POST (what a page on another site can send without a preflight) is not read as Bayeux", async () => {
    const cookie = await c.signIn("kw1");
    const res = await c.request("/cometd", {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: `message=${encodeURIComponent(HANDSHAKE)}`,
    });
    expect(res.text).not.toContain('"successful":true');
    expectRefusal(res, 415, "unsupported_media_type");
  });

  it("a POST with a jsonp parameter is refused", async () => {
    const res = await c.request("/cometd?jsonp=steal", { method: "POST", headers: { "content-type": "application/json" }, body: HANDSHAKE });
    expectRefusal(res, 400, "bad_request");
  });

  it("a CORS preflight gets no grant", async () => {
    const res = await c.request("/cometd", {
      method: "OPTIONS",
      headers: { origin: "http://evil.example", "access-control-request-method": "POST" },
    });
    expectRefusal(res, 405, "method_not_allowed");
    expect(res.headers.allow).toBe("POST");
  });

  it("faye's own client script is not served", async () => {
    const res = await c.request("/cometd/client.js");
    expectRefusal(res, 404, "not_found");
  });

  it.each(["PUT", "DELETE", "PATCH"])("%s is 405 with Allow: POST", async (method) => {
    const res = await c.request("/cometd", { method, headers: { "content-type": "application/json" }, body: HANDSHAKE });
    expectRefusal(res, 405, "method_not_allowed");
    expect(res.headers.allow).toBe("POST");
  });

  it("a WebSocket upgrade under /cometd/ is refused", async () => {
    const cookie = await c.signIn("kw1");
    await expect(BayeuxSocket.open(c.url, { cookie }, undefined, "/cometd/abc")).rejects.toThrow(/upgrade refused: 404/);
    const socket = await BayeuxSocket.open(c.url, { cookie });
    expect(await socket.handshake()).toMatchObject({ successful: true });
    socket.socket.close();
  });
});

describe("served transports", () => {
  it("a long-polling POST from the page's own origin carries no CORS grant", async () => {
    const cookie = await c.signIn("kw1");
    const res = await bayeuxPost(c.url, JSON.parse(HANDSHAKE), { cookie, origin: c.url });
    expect(res.replies[0]).toMatchObject({ channel: "/meta/handshake", successful: true });
    const raw = await c.request("/cometd", { method: "POST", headers: { cookie, origin: c.url, "content-type": "application/json" }, body: HANDSHAKE });
    expect(raw.status).toBe(200);
    expect(raw.headers["access-control-allow-origin"]).toBeUndefined();
    expect(raw.headers["access-control-allow-credentials"]).toBeUndefined();
  });
});
