/**
 * Sign-out ends the worker's session on every window at once: every stored session of the
 * worker, and every Bayeux session they opened (a held long poll is answered, a WebSocket is
 * closed); a cookie from before the sign-out is refused everywhere. Presence is kept (B2).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startConnector, type Connector } from "../support/harness";
import { bayeuxPost, rawHandshake } from "../support/bayeux";
import { BayeuxSocket } from "../support/websocket";

let c: Connector;
beforeEach(async () => {
  // NOTE: a long poll held for 60 s: an answer within the test's time can only come from the sign-out.
  c = await startConnector({ bayeuxTimeoutSeconds: 60 });
});
afterEach(async () => {
  await c.cleanup();
});

const status = async (path: string, cookie: string) => (await c.request(path, { headers: { cookie } })).status;

/** A long-polling window: handshaken, subscribed to its presence, its first connect answered. */
async function longPollWindow(cookie: string, worker: string) {
  const hs = await rawHandshake(c.url, { cookie });
  expect(hs.successful).toBe(true);
  const clientId = hs.clientId as string;
  const first = await bayeuxPost(
    c.url,
    [
      { channel: "/meta/subscribe", clientId, subscription: `/kw/${worker}/presence` },
      { channel: "/meta/connect", clientId, connectionType: "long-polling", advice: { timeout: 0 } },
    ],
    { cookie },
  );
  expect(first.replies.every((r) => r.successful)).toBe(true);
  return {
    clientId,
    /** The next /meta/connect, which the server holds. */
    hold: () => bayeuxPost(c.url, { channel: "/meta/connect", clientId, connectionType: "long-polling" }, { cookie }),
  };
}

describe("POST /signout", () => {
  it("ends every session and every window of the worker at once, and no other worker's", async () => {
    const browserA = await c.signIn("kw1");
    const browserB = await c.signIn("kw1");
    const other = await c.signIn("kw2");
    const pollA = await longPollWindow(browserA, "kw1");
    const pollB = await longPollWindow(browserB, "kw1");
    await longPollWindow(other, "kw2");
    const socket = await BayeuxSocket.open(c.url, { cookie: browserB });
    const { clientId } = await socket.handshake();
    socket.send({ channel: "/meta/connect", clientId, connectionType: "websocket", id: "c1", advice: { timeout: 0 } });
    expect(await socket.reply("/meta/connect", "c1")).toMatchObject({ successful: true });
    expect((await c.worker("kw1")).windows).toBe(3);
    const held = pollA.hold();

    const out = await c.request("/signout", { method: "POST", headers: { cookie: browserA } });
    expect(out.status).toBe(200);
    expect(out.json).toEqual({ signedOut: true });
    expect(([] as string[]).concat(out.headers["set-cookie"] ?? [])[0]).toMatch(/^ucc_session=;.*Max-Age=0/);

    // At once: when the sign-out answers, no window of kw1 is left; kw2's is untouched.
    expect((await c.worker("kw1")).windows).toBe(0);
    expect((await c.worker("kw2")).windows).toBe(1);
    await held; // answered now, not after the 60 s long poll
    expect(await socket.closed).toMatchObject({ code: expect.any(Number) });

    // Cookies from before the sign-out are refused everywhere, from either browser.
    for (const cookie of [browserA, browserB]) {
      expect(await status("/api/kw/me", cookie)).toBe(401);
      expect(await rawHandshake(c.url, { cookie })).toMatchObject({ successful: false, error: expect.stringMatching(/^401:/) });
    }
    const again = await pollB.hold();
    expect(again.replies[0]).toMatchObject({ successful: false, error: expect.stringMatching(/^401:/) });
    expect(await status("/api/kw/me", other)).toBe(200);
  });

  it("keeps the worker's presence (B2) and a fresh sign-in works again", async () => {
    const cookie = await c.signIn("kw1");
    await c.request("/api/kw/presence", { method: "PUT", headers: { cookie }, body: { presence: "busy" } });
    expect((await c.request("/signout", { method: "POST", headers: { cookie } })).status).toBe(200);
    expect((await c.worker("kw1")).presence).toBe("busy");
    expect(await status("/api/kw/me", await c.signIn("kw1"))).toBe(200);
  });

  it("without a session, or with a forged one, answers 200 and ends nothing", async () => {
    const cookie = await c.signIn("kw1");
    expect((await c.request("/signout", { method: "POST" })).status).toBe(200);
    expect((await c.request("/signout", { method: "POST", headers: { cookie: "ucc_session=forged" } })).status).toBe(200);
    expect(await status("/api/kw/me", cookie)).toBe(200);
  });

  it("survives a restart: a session ended before it is not back after it", async () => {
    const cookie = await c.signIn("kw1");
    await c.request("/signout", { method: "POST", headers: { cookie } });
    c = await c.restart();
    expect(await status("/api/kw/me", cookie)).toBe(401);
  });
});
