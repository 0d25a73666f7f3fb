/**
 * The web client over long-polling (where a network blocks WebSocket): /cometd now serves Bayeux
 * on exactly /cometd, so the browser's cometd client must not append the message type to the
 * URL (/cometd/handshake would be 404). With the WebSocket refused, it still connects and gets
 * pushes.
 */
import { KwClientPage } from "./pages/kw-client";
import { expect, test } from "./support/fixtures";

test("with WebSocket refused, the client falls back to long-polling on /cometd and gets pushes", async ({ page, connector }) => {
  const polls: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname.startsWith("/cometd")) polls.push(`${request.method()} ${new URL(request.url()).pathname}`);
  });
  // NOTE: a routed WebSocket that is closed at once is what a blocking proxy looks like to the page.
  await page.routeWebSocket(/\/cometd/, (ws) => ws.close());
  const kw = new KwClientPage(page, connector.url);
  await kw.signIn("kw1");
  await kw.expectConnected();
  await expect.poll(() => polls.length).toBeGreaterThan(0);
  expect(new Set(polls)).toEqual(new Set(["POST /cometd"]));

  // A change made elsewhere is pushed over the long poll.
  await connector.setPresenceFromUc("kw1", "busy");
  await expect(kw.presence).toHaveValue("busy");
});
