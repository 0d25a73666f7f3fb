/**
 * Pushes batched per window within one event-loop turn: what one step tells a window over
 * WebSocket (an accepted offer: the offer closed, the interaction now active, the "joined" line)
 * arrives as one Bayeux frame (an array of messages), in order, not one frame per message.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConnector, type Connector } from "../support/harness";
import { waitFor } from "../support/wait";
import { BayeuxSocket } from "../support/websocket";

let c: Connector;
let socket: BayeuxSocket;
beforeAll(async () => {
  c = await startConnector();
});
afterAll(async () => {
  socket?.drop();
  await c.cleanup();
});

describe("pushes over WebSocket", () => {
  it("what one step pushes to a window leaves in one frame, in order", async () => {
    const cookie = await c.signIn("kw1");
    socket = await BayeuxSocket.open(c.url, { cookie });
    const hs = await socket.handshake();
    socket.send([
      { channel: "/meta/subscribe", clientId: hs.clientId, subscription: "/kw/kw1/offers", id: "s1" },
      { channel: "/meta/subscribe", clientId: hs.clientId, subscription: "/kw/kw1/interactions", id: "s2" },
      { channel: "/meta/connect", clientId: hs.clientId, connectionType: "websocket", id: "c1", advice: { timeout: 0 } },
    ]);
    await socket.reply("/meta/subscribe", "s1");
    await socket.reply("/meta/subscribe", "s2");
    await socket.reply("/meta/connect", "c1");
    socket.send({ channel: "/meta/connect", clientId: hs.clientId, connectionType: "websocket", id: "c2" });
    expect((await c.api("PUT", "/api/v1/workers/kw1/presence", { presence: "available" })).status).toBe(200);

    const created = await c.api("POST", "/api/v1/interactions", { media: "chat", from: "Batch" });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    const offer = (await socket.reply("/kw/kw1/offers")).data.offer;
    expect(offer.interaction.id).toBe(id);
    const before = socket.frames.length;

    const accepted = await c.request(`/api/kw/interactions/${id}/accept`, { method: "POST", headers: { cookie }, body: { offerId: offer.id } });
    expect(accepted.status).toBe(200);
    await c.settled();
    const pushed = await waitFor(
      async () => socket.frames.slice(before).filter((frame) => frame.some((m) => m.data?.interactionId === id || m.data?.interaction?.id === id)),
      (frames) => frames.flat().some((m) => m.data?.type === "message"),
      { what: "the accepted chat's pushes" },
    );
    expect(pushed).toHaveLength(1);
    expect(pushed[0].map((m) => `${m.channel} ${m.data.type}`)).toEqual([
      "/kw/kw1/offers offer-closed",
      "/kw/kw1/interactions interaction",
      "/kw/kw1/interactions message",
    ]);
  });
});
