/** Several named API keys: each works beside the default one; with named keys only, nothing else does. */
import { afterEach, describe, expect, it } from "vitest";
import { demoConfigRaw, startConnector, type Connector } from "../support/harness";

const ROUTER = "router-key-0123456789abcdef";
const CRM = "crm-key-0123456789abcdef-2026";

let c: Connector | undefined;
afterEach(async () => {
  await c?.cleanup();
  c = undefined;
});

const get = (key: string) => c!.request("/api/v1/workers/kw1", { headers: { authorization: `Bearer ${key}` } });

describe("api-keys", () => {
  it("every named key and the default key work; a wrong one is 401", async () => {
    const raw = demoConfigRaw();
    raw["api-keys"] = [{ name: "router", key: ROUTER }, { name: "crm", key: CRM }];
    c = await startConnector({ config: raw });
    expect((await get(ROUTER)).status).toBe(200);
    expect((await get(CRM)).status).toBe(200);
    expect((await get(c.apiKey)).status).toBe(200);
    expect((await get(`${ROUTER}x`)).status).toBe(401);
  });

  it("with only named keys (no UCC_API_KEY) they are the only ones; dropping one from the configuration retires it", async () => {
    const raw = demoConfigRaw();
    raw["api-keys"] = [{ name: "router", key: ROUTER }, { name: "crm", key: CRM }];
    c = await startConnector({ config: raw, apiKey: "" });
    expect((await get(ROUTER)).status).toBe(200);
    expect((await get("")).status).toBe(401);
    raw["api-keys"] = [{ name: "crm", key: CRM }];
    const dataDir = c.dataDir;
    await c.close();
    c = await startConnector({ config: raw, apiKey: "", dataDir, removeDataDir: true });
    expect((await get(ROUTER)).status).toBe(401);
    expect((await get(CRM)).status).toBe(200);
  });
});
