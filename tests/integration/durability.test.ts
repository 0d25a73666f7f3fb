/** B2 and the durability decision: presence, events and sign-ins survive a restart. */
import { afterEach, describe, expect, it } from "vitest";
import { handshake } from "../support/bayeux";
import { demoConfigRaw, startConnector, type Connector } from "../support/harness";

let c: Connector | undefined;
afterEach(async () => {
  await c?.cleanup();
  c = undefined;
});

describe("restart on the same data dir", () => {
  it("keeps presence, reporting events and session cookies; windows start at 0", async () => {
    c = await startConnector();
    const cookie1 = await c.signIn("kw1");
    const cookie2 = await c.signIn("kw2");
    expect((await c.api("PUT", "/api/v1/workers/kw1/presence", { presence: "busy" })).status).toBe(200);
    expect((await c.request("/api/kw/presence", { method: "PUT", headers: { cookie: cookie2 }, body: { presence: "available" } })).status).toBe(200);
    await c.bayeux({ cookie: cookie1 });
    expect((await c.worker("kw1")).windows).toBe(1);
    const kw1Before = await c.worker("kw1");
    const eventsBefore = await c.events();
    expect(eventsBefore).toHaveLength(2);
    const firstUrl = c.url;

    c = await c.restart();
    expect(c.url).not.toBe(""); // a new server (usually a new port)

    const kw1After = await c.worker("kw1");
    expect(kw1After.presence).toBe("busy");
    expect(kw1After.presenceSince).toBe(kw1Before.presenceSince);
    expect(kw1After.windows).toBe(0);
    expect((await c.worker("kw2")).presence).toBe("available");
    expect(await c.events()).toEqual(eventsBefore);

    // The cookies still sign the workers in, over HTTP and Bayeux.
    const me = await c.request("/api/kw/me", { headers: { cookie: cookie1 } });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ id: "kw1", presence: "busy" });
    await handshake(c.cometd({ cookie: cookie2 }));
    expect((await c.worker("kw2")).windows).toBe(1);

    // New events continue the sequence.
    await c.api("PUT", "/api/v1/workers/kw1/presence", { presence: "away" });
    const after = await c.events(eventsBefore.at(-1)!.seq);
    expect(after).toHaveLength(1);
    expect(after[0].seq).toBeGreaterThan(eventsBefore.at(-1)!.seq);
    expect(firstUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("a presence set just before the restart is not lost and not reported twice", async () => {
    c = await startConnector();
    for (const presence of ["available", "dnd", "be-right-back"]) {
      await c.api("PUT", "/api/v1/workers/kw3/presence", { presence });
    }
    c = await c.restart();
    c = await c.restart();
    expect((await c.worker("kw3")).presence).toBe("be-right-back");
    expect((await c.events()).map((e) => e.reasons?.KW_UC_STATUS)).toEqual(["ready", "dnd", "be-right-back"]);
    // Setting it again after the restart is still "no change".
    await c.api("PUT", "/api/v1/workers/kw3/presence", { presence: "be-right-back" });
    expect(await c.events()).toHaveLength(3);
  });

  it("a worker renamed in the configuration keeps its presence; a new worker starts offline", async () => {
    c = await startConnector();
    await c.api("PUT", "/api/v1/workers/kw1/presence", { presence: "away" });
    const { dataDir, apiKey } = c;
    await c.close();
    const raw = demoConfigRaw();
    raw.workers[0].name = "Alexandra Morgan";
    raw.workers.push({ id: "kw4", name: "Robin Park" });
    const next = await startConnector({ config: raw, dataDir, apiKey, removeDataDir: true });
    c = next;
    expect(await c.worker("kw1")).toMatchObject({ name: "Alexandra Morgan", presence: "away" });
    expect(await c.worker("kw4")).toMatchObject({ name: "Robin Park", presence: "offline", windows: 0 });
  });
});
