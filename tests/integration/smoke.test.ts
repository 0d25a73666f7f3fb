import { afterAll, beforeAll, expect, it } from "vitest";
import { startConnector, type Connector } from "../support/harness";

let c: Connector;
beforeAll(async () => { c = await startConnector({ bayeuxTimeoutSeconds: 2 }); });
afterAll(async () => { await c?.cleanup(); });

it("smoke", async () => {
  const cookie = await c.signIn("kw1");
  const t0 = Date.now();
  const b = await c.bayeux({ cookie });
  console.log("hs", Date.now() - t0, b.clientId, await c.worker("kw1"));
  const r = await b.subscribe("/kw/kw1/presence");
  console.log("sub", r);
  const r2 = await b.subscribe("/kw/kw2/presence");
  console.log("sub2", r2);
  const p = b.nextMessage("/kw/kw1/presence");
  console.log((await c.api("PUT", "/api/v1/workers/kw1/presence", { presence: "busy" })).status);
  console.log("msg", await p);
  console.log("pub", await b.publish("/kw/kw1/presence", { x: 1 }));
  await b.disconnect();
  console.log(await c.worker("kw1"));
  const nb = c.cometd();
  let n = 0;
  nb.addListener("/meta/handshake", (m) => { n++; console.log("hs listener", m); });
  await new Promise((r) => nb.handshake(r));
  await new Promise((r) => setTimeout(r, 1500));
  console.log("n", n, nb.getStatus());
  expect(1).toBe(1);
});
