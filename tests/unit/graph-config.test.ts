/** The `graph` section and presence-sync-mode: defaults, the map merged over them, one ConfigError per bad value. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../lib/config/load";
import { DEFAULT_TEAMS_PRESENCE_MAP, fromGraph } from "../../lib/domain/teams-presence";
import { demoConfigRaw } from "../support/harness";

const TENANT = "contoso.onmicrosoft.com";
const CLIENT_ID = "11111111-2222-3333-4444-555555555555";
const dir = mkdtempSync(path.join(os.tmpdir(), "ucc-graph-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const withGraph = (graph: Record<string, unknown>) => ({ ...demoConfigRaw(), graph });
const base = { tenant: TENANT, "client-id": CLIENT_ID, "client-secret": "s3cret" };

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError, but the configuration was accepted");
}

describe("the graph section", () => {
  it("takes Graph's and Entra's public endpoints, a 30 s poll and the default map when only the credential is given", () => {
    const graph = parseConfig(withGraph(base)).graph!;
    expect(graph["base-url"]).toBe("https://graph.microsoft.com/v1.0");
    expect(graph.authority).toBe("https://login.microsoftonline.com");
    expect(graph["poll-seconds"]).toBe(30);
    expect(graph["presence-map"]).toEqual(DEFAULT_TEAMS_PRESENCE_MAP);
    // A call, a meeting or a presentation is not ready, whatever the availability says.
    for (const activity of ["InACall", "InAMeeting", "Presenting"]) {
      expect(fromGraph(graph["presence-map"], { availability: "DoNotDisturb", activity })).toBe("busy");
    }
  });

  it("merges a presence-map over the defaults", () => {
    const graph = parseConfig(withGraph({ ...base, "presence-map": { InAMeeting: "dnd", AvailableIdle: "available", PresenceUnknown: "offline" } })).graph!;
    expect(fromGraph(graph["presence-map"], { availability: "Busy", activity: "InAMeeting" })).toBe("dnd");
    expect(fromGraph(graph["presence-map"], { availability: "AvailableIdle", activity: "Available" })).toBe("available");
    expect(fromGraph(graph["presence-map"], { availability: "Busy", activity: "InACall" })).toBe("busy");
  });

  it("reads a certificate credential's private key file", () => {
    const keyFile = path.join(dir, "key.pem");
    writeFileSync(keyFile, "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n");
    const graph = parseConfig(withGraph({ tenant: TENANT, "client-id": CLIENT_ID, certificate: { thumbprint: "AB:".repeat(31) + "AB", "private-key-file": keyFile } })).graph!;
    expect(graph.certificate).toEqual({ thumbprint: "ab".repeat(32), privateKey: expect.stringContaining("PRIVATE KEY") });
  });

  it("accepts every presence-sync-mode", () => {
    for (const mode of ["two-way", "from-uc", "to-uc", "off"]) {
      const raw = demoConfigRaw();
      expect(parseConfig({ ...raw, "microsoft-ocs": { ...raw["microsoft-ocs"], "presence-sync-mode": mode } })["microsoft-ocs"]["presence-sync-mode"]).toBe(mode);
    }
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ["no credential", withGraph({ tenant: TENANT, "client-id": CLIENT_ID }), "graph.client-secret", /or certificate is required/],
    ["a secret and a certificate", withGraph({ ...base, certificate: { thumbprint: "a".repeat(40), "private-key-file": "/nowhere.pem" } }), "graph.certificate.private-key-file", /cannot be read/],
    ["a client id that is not a GUID", withGraph({ ...base, "client-id": "my-app" }), "graph.client-id", /GUID/],
    ["an http base-url", withGraph({ ...base, "base-url": "http://graph.example/v1.0" }), "graph.base-url", /must be an https URL/],
    ["an http authority", withGraph({ ...base, authority: "http://login.example" }), "graph.authority", /must be an https URL/],
    ["a poll under 1 s", withGraph({ ...base, "poll-seconds": 0 }), "graph.poll-seconds", /./],
    ["an unknown Graph name in the map", withGraph({ ...base, "presence-map": { InALunch: "away" } }), "graph.presence-map.InALunch", /"InALunch" is not a Graph availability or activity/],
    ["an unknown presence in the map", withGraph({ ...base, "presence-map": { InAMeeting: "meeting" } }), "graph.presence-map.InAMeeting", /"meeting" is not a presence/],
    ["a short thumbprint", withGraph({ tenant: TENANT, "client-id": CLIENT_ID, certificate: { thumbprint: "abc", "private-key-file": "/k.pem" } }), "graph.certificate.thumbprint", /thumbprint/],
    ["an unknown option", withGraph({ ...base, "poll-secs": 10 }), "graph", /unknown option "poll-secs"/],
    ["a teams-activity gateway without the graph section", { ...demoConfigRaw(), im: { gateways: [{ type: "teams-activity", "app-id": CLIENT_ID }] } }, "graph", /required by the "teams-activity" IM gateway/],
    ["a teams-activity gateway whose app id is not a GUID", { ...withGraph(base), im: { gateways: [{ type: "teams-activity", "app-id": "ucc" }] } }, "im.gateways.0.app-id", /GUID/],
    ["an unknown presence-sync-mode", { ...demoConfigRaw(), "microsoft-ocs": { "presence-sync-mode": "both" } }, "microsoft-ocs.presence-sync-mode", /./],
  ])("%s stops the start naming the option", (_name, raw, option, problem) => {
    const error = configError(() => parseConfig(raw, "/etc/ucc/test.json"));
    expect(error.option).toBe(option);
    expect(error.problem).toMatch(problem);
    expect(error.message).toContain(`option ${option}: `);
  });

  it("a secret and a readable certificate together are refused", () => {
    const keyFile = path.join(dir, "both.pem");
    writeFileSync(keyFile, "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n");
    const error = configError(() => parseConfig(withGraph({ ...base, certificate: { thumbprint: "a".repeat(64), "private-key-file": keyFile } })));
    expect(error.option).toBe("graph.client-secret");
    expect(error.problem).toMatch(/both set/);
  });
});
