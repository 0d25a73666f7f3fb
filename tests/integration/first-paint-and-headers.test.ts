/**
 * The connector's side of the pages: the security headers on its own responses, and the read side
 * the pages paint the signed-in worker from (lib/first-paint.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReadSide } from "../../lib/http/first-paint-source";
import { startConnector, type Connector } from "../support/harness";

let connector: Connector;
beforeAll(async () => {
  connector = await startConnector();
});
afterAll(() => connector.cleanup());

describe("the connector's own responses", () => {
  it.each([["/api/v1/workers/kw1"], ["/healthz"], ["/api/kw/me"], ["/api/v1/nowhere"]])("%s carries the security headers", async (pathname) => {
    const response = await connector.api("GET", pathname);
    expect(response.headers).toMatchObject({
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
    });
  });
});

describe("the first-paint read side", () => {
  it("gives the signed-in worker with its offers and interactions, as the web client's GET calls do", async () => {
    const cookie = await connector.signIn("kw1");
    const side = createReadSide(connector.app.deps);
    const paint = await side.firstPaint(`other=1; ${cookie}`);
    const me = await connector.request("/api/kw/me", { headers: { cookie } });
    expect(paint).toEqual({ signedIn: true, me: me.json, offers: [], interactions: [] });
  });

  it.each([[undefined], [""], ["ucc_session=forged"]])("says signed out for the cookie %j", async (cookie) => {
    expect(await createReadSide(connector.app.deps).firstPaint(cookie)).toEqual({ signedIn: false });
  });
});
