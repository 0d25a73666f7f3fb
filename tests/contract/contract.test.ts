/**
 * What shared/CONTRACT.md and the README promise to users and integrators, checked from outside:
 * environment defaults, option names, the integration API's shapes and status codes, the Bayeux
 * endpoint and its channel message.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BAYEUX_PATH } from "../../lib/bayeux/faye-server";
import { resolveApiKey } from "../../lib/config/api-key";
import { readEnv } from "../../lib/config/env";
import { DEMO_CONFIG_PATH, parseConfig } from "../../lib/config/load";
import { MAX_BODY_BYTES } from "../../lib/http/io";
import { startConnector, type Connector } from "../support/harness";
import { postDevSignIn } from "../support/sign-in";

const PRESENCES = ["available", "busy", "dnd", "be-right-back", "away", "offline", "after-call-work"];
const EVENT_TYPES = [
  "RequestAgentReady",
  "RequestAgentNotReady",
  "RequestAgentLogout",
  "InteractionOffered",
  "InteractionAccepted",
  "InteractionRejected",
  "InteractionTimedOut",
  "InvitationSent",
];

/** An environment with only these variables (Next's types make NODE_ENV required). */
const envOf = (vars: Record<string, string>) => vars as unknown as NodeJS.ProcessEnv;

describe("Running: environment", () => {
  it("has the documented defaults", () => {
    const env = readEnv(envOf({}));
    expect(env).toMatchObject({ port: 3000, host: "127.0.0.1", apiKey: undefined, logLevel: "info" });
    expect(env.dataDir).toBe(path.resolve("./data"));
    expect(env.configFile).toBe(DEMO_CONFIG_PATH);
    expect(path.relative(process.cwd(), DEMO_CONFIG_PATH)).toBe(path.join("config", "demo.json"));
  });

  it("reads PORT, HOST, UCC_CONFIG, UCC_DATA_DIR, UCC_API_KEY", () => {
    const env = readEnv(envOf({ PORT: "8080", HOST: "0.0.0.0", UCC_CONFIG: "/etc/ucc.json", UCC_DATA_DIR: "/var/lib/ucc", UCC_API_KEY: "k".repeat(16) }));
    expect(env).toMatchObject({ port: 8080, host: "0.0.0.0", configFile: "/etc/ucc.json", dataDir: "/var/lib/ucc", apiKey: "k".repeat(16) });
  });

  it.each([
    [{ PORT: "http" }, /PORT/],
    [{ PORT: "70000" }, /PORT/],
    [{ UCC_API_KEY: "short" }, /UCC_API_KEY.*16/],
    [{ LOG_LEVEL: "loud" }, /LOG_LEVEL/],
  ])("refuses %j naming the variable", (env, message) => {
    expect(() => readEnv(envOf(env))).toThrow(message);
  });

  it("generates the API key once, keeps it in the data dir (mode 0600), and UCC_API_KEY wins", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ucc-key-"));
    try {
      const first = resolveApiKey(dir, undefined);
      expect(first.source).toBe("generated");
      expect(first.key.length).toBeGreaterThanOrEqual(16);
      expect(first.file).toBe(path.join(dir, "api-key"));
      expect(readFileSync(first.file, "utf8").trim()).toBe(first.key);
      expect(statSync(first.file).mode & 0o777).toBe(0o600);
      expect(resolveApiKey(dir, undefined)).toEqual({ ...first, source: "kept" });
      expect(resolveApiKey(dir, "from-the-environment")).toMatchObject({ key: "from-the-environment", source: "env" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("Running: the configuration file's option names", () => {
  it("accepts every option the contract names, in its section", () => {
    const config = parseConfig({
      "sign-in": "none",
      "microsoft-ocs": {
        "invite-message": "Open the window on the right",
        "agent-status-ready": "available",
        "agent-status-notready": "busy, dnd, be-right-back, away",
        "agent-status-logout": "offline",
        "presence-acw-status": "acw",
        "presence-acw-note": "ACW",
        "presence-lg-status": "lg",
        "presence-lg-note": "LG",
        "presence-sync-mode": "off",
      },
      "uc-connector": { "gla-kpl-time": 30, "gla-kpl-response-time": 4, "gla-call-match-window": 4000 },
      workers: [{ id: "kw1", name: "Alex" }],
    });
    expect(config["microsoft-ocs"]["invite-message"]).toBe("Open the window on the right");
    expect(config["microsoft-ocs"]["presence-sync-mode"]).toBe("off");
  });
});

describe("Integration API", () => {
  let c: Connector;
  beforeAll(async () => {
    c = await startConnector();
  });
  afterAll(async () => {
    await c.cleanup();
  });

  it("every call needs the key (401 with the error shape)", async () => {
    for (const [method, pathname] of [
      ["GET", "/api/v1/workers/kw1"],
      ["PUT", "/api/v1/workers/kw1/presence"],
      ["GET", "/api/v1/events?after=0"],
    ]) {
      const res = await c.request(pathname, { method, body: method === "PUT" ? { presence: "busy" } : undefined });
      expect(res.status, `${method} ${pathname}`).toBe(401);
      expect(res.json).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
    }
  });

  it("GET /api/v1/workers/{id} has the documented fields and types", async () => {
    const worker = (await c.api("GET", "/api/v1/workers/kw1")).json;
    expect(worker).toEqual(
      expect.objectContaining({
        id: "kw1",
        name: expect.any(String),
        presence: expect.any(String),
        windows: expect.any(Number),
        interactions: expect.any(Array),
      }),
    );
    expect(PRESENCES).toContain(worker.presence);
    // README: also presenceSince (ISO time) and ready.
    expect(Date.parse(worker.presenceSince)).not.toBeNaN();
    expect(typeof worker.ready).toBe("boolean");
  });

  it("PUT presence: each selectable presence is shown back exactly, ready only for Available", async () => {
    for (const presence of ["available", "busy", "dnd", "be-right-back", "away", "offline"]) {
      const put = await c.api("PUT", "/api/v1/workers/kw2/presence", { presence });
      expect(put.status).toBe(200);
      const worker = (await c.api("GET", "/api/v1/workers/kw2")).json;
      expect(worker.presence).toBe(presence);
      expect(worker.ready).toBe(presence === "available");
    }
  });

  it("GET /api/v1/events: oldest first, documented fields and types only", async () => {
    const events = (await c.api("GET", "/api/v1/events?after=0")).json as Array<Record<string, unknown>>;
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      for (const key of Object.keys(event)) expect(["seq", "at", "type", "worker", "interaction", "reasons"]).toContain(key);
      expect(event).toEqual(expect.objectContaining({ seq: expect.any(Number), at: expect.any(String), type: expect.any(String), worker: expect.any(String) }));
      expect(EVENT_TYPES).toContain(event.type);
      if (event.reasons) expect(Object.values(event.reasons as object).every((v) => typeof v === "string")).toBe(true);
    }
  });

  it("status codes: 400 bad input, 404 unknown id, 413 over the limit", async () => {
    expect((await c.api("PUT", "/api/v1/workers/kw1/presence", { presence: "nope" })).status).toBe(400);
    expect((await c.api("GET", "/api/v1/workers/nobody")).status).toBe(404);
    expect((await c.api("PUT", "/api/v1/workers/nobody/presence", { presence: "busy" })).status).toBe(404);
    const big = JSON.stringify({ presence: "busy", pad: "x".repeat(MAX_BODY_BYTES) });
    expect((await c.api("PUT", "/api/v1/workers/kw1/presence", big, { "content-type": "application/json" })).status).toBe(413);
  });

  it("/healthz and /metrics answer without credentials", async () => {
    expect((await c.request("/healthz")).status).toBe(200);
    const metrics = await c.request("/metrics");
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/^# TYPE ucc_windows_open gauge$/m);
  });

  it("dev sign-in (the one-button form's POST) lands on /, and the real-time endpoint is /cometd with the documented push", async () => {
    // NOTE: opening /signin?worker=kw1 in a browser shows that form: tests/e2e (KwClientPage.signIn) presses its button.
    const signIn = await postDevSignIn(c.url, "kw1");
    expect(signIn.status).toBe(303);
    expect(signIn.headers.location).toBe("/");
    expect(BAYEUX_PATH).toBe("/cometd");

    const cookie = await c.signIn("kw3");
    const client = await c.bayeux({ cookie });
    expect((await client.subscribe("/kw/kw3/presence")).successful).toBe(true);
    const next = client.nextMessage("/kw/kw3/presence");
    await c.api("PUT", "/api/v1/workers/kw3/presence", { presence: "away" });
    const message = await next;
    expect(Object.keys(message).sort()).toEqual(["presence", "since", "type", "v"]);
    expect(message).toMatchObject({ v: 2, type: "presence", presence: "away" });
  });
});
