/**
 * The `im` section and the workers' jid / upn (shared/CONTRACT.md): defaults, and a bad gateway
 * option stops the start with one message naming it. The last case starts the real server.ts.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../lib/config/load";

const workers = [{ id: "kw1", name: "Alex" }];
const withGateways = (gateways: unknown) => ({ workers, im: { gateways } });
const webhook = { type: "webhook", url: "https://hooks.example.com/ucc", secret: "a-webhook-secret-0123456789" };

function problem(raw: unknown): ConfigError {
  try {
    parseConfig(raw, "/etc/ucc.json");
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("the configuration was accepted");
}

describe("the im section", () => {
  it("defaults to the console gateway; workers may carry upn and jid", () => {
    const config = parseConfig({ workers: [{ id: "kw1", name: "Alex", upn: "alex@example.com", jid: "alex@xmpp.example.com" }] });
    expect(config.im).toEqual({ gateways: [{ type: "console" }] });
    expect(config.workers[0]).toEqual({ id: "kw1", name: "Alex", upn: "alex@example.com", jid: "alex@xmpp.example.com" });
  });

  it("an empty list turns invitations off", () => {
    expect(parseConfig(withGateways([])).im.gateways).toEqual([]);
  });

  it("keeps the gateways in the order given, with their defaults", () => {
    const config = parseConfig(
      withGateways([
        { type: "xmpp", service: "xmpp://127.0.0.1:5222", domain: "localhost", username: "ucc", password: "pw" },
        webhook,
        { type: "teams", "client-id": "11111111-2222-3333-4444-555555555555", "client-secret": "s" },
        { type: "console" },
      ]),
    );
    expect(config.im.gateways.map((g) => g.type)).toEqual(["xmpp", "webhook", "teams", "console"]);
    expect(config.im.gateways[1]).toMatchObject({ "timeout-ms": 5000, retries: 3 });
    expect(config.im.gateways[2]).toMatchObject({ "allow-unauthenticated": false });
  });

  it.each([
    ["https to anywhere", { ...webhook, url: "https://hooks.example.com/ucc" }],
    ["http to 127.0.0.1", { ...webhook, url: "http://127.0.0.1:8080/ucc" }],
    ["http to localhost", { ...webhook, url: "http://localhost:8080/ucc" }],
    ["http to [::1]", { ...webhook, url: "http://[::1]:8080/ucc" }],
    ["xmpps:// (direct TLS)", { type: "xmpp", service: "xmpps://xmpp.example.com:5223", domain: "d", username: "u", password: "p" }],
    ["wss://", { type: "xmpp", service: "wss://xmpp.example.com/ws", domain: "d", username: "u", password: "p" }],
    ["xmpp:// elsewhere (STARTTLS then required)", { type: "xmpp", service: "xmpp://xmpp.example.com:5222", domain: "d", username: "u", password: "p" }],
    ["xmpp:// to loopback", { type: "xmpp", service: "xmpp://127.0.0.1:5222", domain: "d", username: "u", password: "p" }],
    ["ws:// to loopback", { type: "xmpp", service: "ws://localhost:5280/ws", domain: "d", username: "u", password: "p" }],
  ])("accepts a gateway over %s", (_, gateway) => {
    expect(parseConfig(withGateways([gateway])).im.gateways).toHaveLength(1);
  });

  it.each([
    ["an unknown gateway type", withGateways([{ type: "sms" }]), "im.gateways.0.type", /console, webhook, xmpp, teams or teams-activity/],
    ["a webhook without a url", withGateways([{ type: "webhook", secret: webhook.secret }]), "im.gateways.0.url", /./],
    ["a webhook url that is not http", withGateways([{ ...webhook, url: "ftp://x" }]), "im.gateways.0.url", /http:\/\/ or https:\/\//],
    ["a short webhook secret", withGateways([{ ...webhook, secret: "short" }]), "im.gateways.0.secret", /at least 16 characters/],
    ["an unknown webhook option", withGateways([{ ...webhook, retry: 2 }]), "im.gateways.0", /unknown option "retry"/],
    ["an xmpp service that is not a URL", withGateways([{ type: "xmpp", service: "127.0.0.1", domain: "d", username: "u", password: "p" }]), "im.gateways.0.service", /xmpp:\/\//],
    ["an xmpp gateway without a password", withGateways([{ type: "xmpp", service: "xmpp://h", domain: "d", username: "u" }]), "im.gateways.0.password", /./],
    ["a teams gateway without credentials", withGateways([{ type: "teams" }]), "im.gateways.0.client-id", /client-id and client-secret/],
    ["a teams gateway without its secret", withGateways([{ type: "teams", "client-id": "x" }]), "im.gateways.0.client-secret", /client-id and client-secret/],
    ["a teams app id that is not a GUID", withGateways([{ type: "teams", "allow-unauthenticated": true, "app-id": "uc-connector" }]), "im.gateways.0.app-id", /GUID/],
    ["two teams gateways", withGateways([{ type: "teams", "allow-unauthenticated": true }, { type: "teams", "allow-unauthenticated": true }]), "im.gateways", /one teams gateway/],
    ["a webhook over plain http to another host", withGateways([{ ...webhook, url: "http://hooks.example.com/ucc" }]), "im.gateways.0.url", /must be https:\/\/ \(plain http:\/\/ only to loopback/],
    ["a webhook over plain http to a private address", withGateways([{ ...webhook, url: "http://10.0.0.5/ucc" }]), "im.gateways.0.url", /must be https:\/\//],
    ["an xmpp gateway over ws:// to another host", withGateways([{ type: "xmpp", service: "ws://xmpp.example.com/ws", domain: "d", username: "u", password: "p" }]), "im.gateways.0.service", /ws:\/\/ carries the password in clear/],
    ["a worker jid with a resource", { workers: [{ id: "kw1", name: "A", jid: "a@b/phone" }] }, "workers.0.jid", /bare JID/],
  ])("%s is named in the one message", (_, raw, option, text) => {
    const error = problem(raw);
    expect(error.option).toBe(option);
    expect(error.problem).toMatch(text);
    expect(error.message).toContain(`/etc/ucc.json: option ${option}: `);
  });

  it("npm start with a bad gateway stops with exit code 2 and one line naming the option", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ucc-im-config-"));
    try {
      const file = path.join(dir, "bad.json");
      writeFileSync(file, JSON.stringify(withGateways([{ type: "webhook", url: "https://x.example", secret: "short" }])));
      const run = spawnSync(process.execPath, ["--import", "tsx", "server.ts"], {
        cwd: path.resolve(__dirname, "..", ".."),
        env: { ...process.env, UCC_CONFIG: file, UCC_DATA_DIR: dir, PORT: "0" },
        encoding: "utf8",
        timeout: 30_000,
      });
      expect(run.status).toBe(2);
      expect(run.stderr.trim().split("\n")).toEqual([
        `ucc: configuration file ${file}: option im.gateways.0.secret: must be at least 16 characters (the key of the X-UCC-Signature HMAC)`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
