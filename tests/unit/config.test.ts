/** The configuration file: defaults, the demo file, and one ConfigError naming file, option and problem. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, DEMO_CONFIG_PATH, loadConfig, parseConfig, presenceMappingOf } from "../../lib/config/load";
import { DEFAULT_PRESENCE_MAPPING } from "../../lib/domain/presence";
import { DEMO_CONFIG_FILE, demoConfigRaw } from "../support/harness";

const WORKERS = [{ id: "kw1", name: "Alex" }];
const dir = mkdtempSync(path.join(os.tmpdir(), "ucc-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeConfig(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** Runs fn, expects a ConfigError, returns it. */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError, but the configuration was accepted");
}

describe("defaults", () => {
  it("fills every option the file leaves out", () => {
    const config = parseConfig({ workers: WORKERS });
    expect(config["sign-in"]).toBe("none");
    expect(config["microsoft-ocs"]).toEqual({
      "invite-message": "Please use the window on the right to access data about current interactions",
      "agent-status-ready": ["available"],
      "agent-status-notready": ["busy", "dnd", "be-right-back", "away"],
      "agent-status-logout": ["offline"],
      "presence-acw-status": "after-call-work",
      "presence-acw-note": "After call work",
      "presence-lg-status": "offline",
      "presence-lg-note": "Logged out",
      "presence-sync-mode": "two-way",
    });
    expect(config["uc-connector"]).toEqual({
      "gla-kpl-time": 30,
      "gla-kpl-response-time": 4,
      "gla-call-match-window": 4000,
    });
    expect(config.workers).toEqual(WORKERS);
    expect(presenceMappingOf(config)).toEqual(DEFAULT_PRESENCE_MAPPING);
  });

  it("routing: a restart grace of 15 s and a customer-idle timeout of 600 s unless set; 0 turns either off", () => {
    expect(parseConfig({ workers: WORKERS }).routing).toMatchObject({ "restart-grace": 15, "customer-idle-timeout": 600 });
    expect(parseConfig({ routing: { "restart-grace": 0, "customer-idle-timeout": "0" }, workers: WORKERS }).routing).toMatchObject({
      "restart-grace": 0,
      "customer-idle-timeout": 0,
    });
  });

  it("fills a section's missing options when the section is present", () => {
    const config = parseConfig({ "microsoft-ocs": { "presence-lg-note": "Bye" }, "uc-connector": {}, workers: WORKERS });
    expect(config["microsoft-ocs"]["presence-lg-note"]).toBe("Bye");
    expect(config["microsoft-ocs"]["agent-status-ready"]).toEqual(["available"]);
    expect(config["uc-connector"]["gla-kpl-time"]).toBe(30);
  });
});

describe("the demo configuration", () => {
  it("loads, is recognised as the demo, enables dev sign-in and names kw1, kw2, kw3", () => {
    const loaded = loadConfig(DEMO_CONFIG_FILE);
    expect(loaded.file).toBe(path.resolve(DEMO_CONFIG_FILE));
    expect(loaded.isDemo).toBe(path.resolve(DEMO_CONFIG_PATH) === path.resolve(DEMO_CONFIG_FILE));
    expect(loaded.config["sign-in"]).toBe("dev");
    expect(loaded.config.workers.map((w) => w.id)).toEqual(["kw1", "kw2", "kw3"]);
    expect(presenceMappingOf(loaded.config)).toEqual(DEFAULT_PRESENCE_MAPPING);
    expect(loaded.config["microsoft-ocs"]["presence-sync-mode"]).toBe("two-way");
  });

  it("a copy elsewhere is not the demo", () => {
    const file = writeConfig("copy-of-demo.json", JSON.stringify(demoConfigRaw()));
    expect(loadConfig(file).isDemo).toBe(false);
  });
});

describe("presence lists and numbers as Genesys writes them", () => {
  it("accepts comma-separated strings, arrays, display names and aliases, and drops duplicates", () => {
    const config = parseConfig({
      "microsoft-ocs": {
        "agent-status-ready": "Available, available",
        "agent-status-notready": ["Busy", "Do Not Disturb", "BRB", "away"],
        "agent-status-logout": "Logged_Out",
      },
      workers: WORKERS,
    });
    expect(config["microsoft-ocs"]["agent-status-ready"]).toEqual(["available"]);
    expect(config["microsoft-ocs"]["agent-status-notready"]).toEqual(["busy", "dnd", "be-right-back", "away"]);
    expect(config["microsoft-ocs"]["agent-status-logout"]).toEqual(["offline"]);
  });

  it("moving busy to agent-status-ready changes the mapping", () => {
    const config = parseConfig({
      "microsoft-ocs": { "agent-status-ready": "available,busy", "agent-status-notready": "dnd,be-right-back,away" },
      workers: WORKERS,
    });
    expect(presenceMappingOf(config).agentStatusReady).toEqual(["available", "busy"]);
  });

  it("accepts whole numbers written as strings", () => {
    const config = parseConfig({
      "uc-connector": { "gla-kpl-time": "20", "gla-kpl-response-time": " 5 ", "gla-call-match-window": "2000" },
      workers: WORKERS,
    });
    expect(config["uc-connector"]).toEqual({ "gla-kpl-time": 20, "gla-kpl-response-time": 5, "gla-call-match-window": 2000 });
  });
});

describe("bad values stop the start with one ConfigError naming the option", () => {
  const base = () => demoConfigRaw();
  const withOcs = (ocs: Record<string, unknown>) => ({ ...base(), "microsoft-ocs": { ...base()["microsoft-ocs"], ...ocs } });
  const withUc = (uc: Record<string, unknown>) => ({ ...base(), "uc-connector": { ...base()["uc-connector"], ...uc } });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ["a misspelt presence", withOcs({ "agent-status-ready": "availabel" }), "microsoft-ocs.agent-status-ready", /"availabel" is not a presence/],
    ["a presence that is not a string", withOcs({ "agent-status-logout": [1] }), "microsoft-ocs.agent-status-logout", /./],
    ["an unknown top-level option", { ...base(), "sign-on": "dev" }, "(top level)", /unknown option "sign-on"/],
    ["an unknown microsoft-ocs option", withOcs({ "agent-status-ready-x": "available" }), "microsoft-ocs", /unknown option "agent-status-ready-x"/],
    ["an unknown uc-connector option", withUc({ "gla-kpl": 10 }), "uc-connector", /unknown option "gla-kpl"/],
    ["gla-kpl-time equal to gla-kpl-response-time", withUc({ "gla-kpl-time": 5, "gla-kpl-response-time": 5 }), "uc-connector.gla-kpl-time", /must be greater than gla-kpl-response-time \(5\)/],
    ["gla-kpl-time below gla-kpl-response-time", withUc({ "gla-kpl-time": 10, "gla-kpl-response-time": 20 }), "uc-connector.gla-kpl-time", /must be greater than gla-kpl-response-time \(20\)/],
    ["gla-kpl-time not a whole number", withUc({ "gla-kpl-time": "thirty" }), "uc-connector.gla-kpl-time", /whole number/],
    ["gla-kpl-time a fraction", withUc({ "gla-kpl-time": 30.5 }), "uc-connector.gla-kpl-time", /whole number/],
    ["gla-call-match-window under 2000 ms", withUc({ "gla-call-match-window": 1999 }), "uc-connector.gla-call-match-window", /./],
    ["gla-call-match-window over 15000 ms", withUc({ "gla-call-match-window": 15001 }), "uc-connector.gla-call-match-window", /./],
    ["busy in agent-status-ready and agent-status-notready", withOcs({ "agent-status-ready": "available, busy" }), "microsoft-ocs.agent-status-notready", /"busy" is in both agent-status-ready and agent-status-notready/],
    ["offline in agent-status-notready and agent-status-logout", withOcs({ "agent-status-notready": "busy,dnd,be-right-back,away,offline" }), "microsoft-ocs.agent-status-logout", /"offline" is in both agent-status-notready and agent-status-logout/],
    ["be-right-back in no list", withOcs({ "agent-status-notready": "busy, dnd, away" }), "microsoft-ocs.agent-status-notready", /"be-right-back" is in none of/],
    ["an empty presence-acw-status", withOcs({ "presence-acw-status": "" }), "microsoft-ocs.presence-acw-status", /./],
    ["an unknown presence-sync-mode", withOcs({ "presence-sync-mode": "one-way" }), "microsoft-ocs.presence-sync-mode", /./],
    ["an unknown sign-in", { ...base(), "sign-in": "open" }, "sign-in", /./],
    ["no workers", { ...base(), workers: [] }, "workers", /at least one Knowledge Worker/],
    ["a duplicate worker id", { ...base(), workers: [{ id: "kw1", name: "A" }, { id: "kw1", name: "B" }] }, "workers.1.id", /"kw1" appears twice/],
    ["a worker id with upper case and a space", { ...base(), workers: [{ id: "KW 1", name: "A" }] }, "workers.0.id", /must be 1-64 of/],
    ["a worker without a name", { ...base(), workers: [{ id: "kw1" }] }, "workers.0.name", /./],
    ["a restart grace over 300 s", { ...base(), routing: { "restart-grace": 301 } }, "routing.restart-grace", /./],
    ["a negative customer-idle timeout", { ...base(), routing: { "customer-idle-timeout": -1 } }, "routing.customer-idle-timeout", /./],
    ["a worker with an unknown field", { ...base(), workers: [{ id: "kw1", name: "A", email: "a@b" }] }, "workers.0", /unknown option "email"/],
  ])("%s", (_name, raw, option, problem) => {
    const error = configError(() => parseConfig(raw, "/etc/ucc/test.json"));
    expect(error.option).toBe(option);
    expect(error.problem).toMatch(problem);
    expect(error.file).toBe("/etc/ucc/test.json");
    expect(error.message).toContain("/etc/ucc/test.json");
    expect(error.message).toContain(`option ${option}: `);
  });

  it("counts the further problems in the one message", () => {
    const error = configError(() =>
      parseConfig({ "sign-in": "open", workers: [], extra: 1 }),
    );
    expect(error.message).toMatch(/\(and \d+ more problems?\)/);
  });

  it("a file that is not valid JSON names the file", () => {
    const file = writeConfig("broken.json", '{ "workers": [ ');
    const error = configError(() => loadConfig(file));
    expect(error.file).toBe(file);
    expect(error.option).toBe("");
    expect(error.problem).toMatch(/is not valid JSON/);
    expect(error.message).toContain(file);
  });

  it("a missing file names the file and says it cannot be read", () => {
    const file = path.join(dir, "does-not-exist.json");
    const error = configError(() => loadConfig(file));
    expect(error.file).toBe(file);
    expect(error.problem).toMatch(/cannot be read \(ENOENT\)/);
  });

  it("a valid file with a bad option names the file and the option", () => {
    const raw = demoConfigRaw();
    raw["uc-connector"]["gla-kpl-response-time"] = 30;
    const file = writeConfig("kpl.json", JSON.stringify(raw));
    const error = configError(() => loadConfig(file));
    expect(error.file).toBe(file);
    expect(error.option).toBe("uc-connector.gla-kpl-time");
    expect(error.message).toBe(`configuration file ${file}: option uc-connector.gla-kpl-time: must be greater than gla-kpl-response-time (30)`);
  });

  it("a file that is JSON but not an object is refused at the top level", () => {
    const file = writeConfig("array.json", "[]");
    expect(configError(() => loadConfig(file)).option).toBe("(top level)");
  });
});
