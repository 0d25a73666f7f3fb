/** B1-B3: each presence change is reported exactly as the KW_UC_STATUS table says. */
import { describe, expect, it } from "vitest";
import {
  ALL_PRESENCES,
  DEFAULT_PRESENCE_MAPPING,
  isPresence,
  isReady,
  isSelectablePresence,
  reportFor,
  SELECTABLE_PRESENCES,
  type Presence,
  type PresenceMappingOptions,
} from "../../lib/domain/presence";
import { presenceMappingOf, parseConfig } from "../../lib/config/load";

describe("reportFor with the default mapping (the deployment guide's KW_UC_STATUS table)", () => {
  it.each<[Presence, string, Record<string, string>]>([
    ["available", "RequestAgentReady", { KW_UC_STATUS: "ready" }],
    ["busy", "RequestAgentNotReady", { KW_UC_STATUS: "busy" }],
    ["dnd", "RequestAgentNotReady", { KW_UC_STATUS: "dnd" }],
    ["be-right-back", "RequestAgentNotReady", { KW_UC_STATUS: "be-right-back" }],
    ["away", "RequestAgentNotReady", { KW_UC_STATUS: "away" }],
    ["offline", "RequestAgentLogout", { KW_UC_STATUS: "offline", KW_UC_NOTE: "Logged out" }],
    ["after-call-work", "RequestAgentNotReady", { KW_UC_STATUS: "after-call-work", KW_UC_NOTE: "After call work" }],
  ])("%s -> %s %j", (presence, type, reasons) => {
    expect(reportFor(presence, DEFAULT_PRESENCE_MAPPING)).toEqual({ type, reasons });
  });

  it("covers every presence", () => {
    expect([...ALL_PRESENCES].sort()).toEqual(
      ["after-call-work", "available", "away", "be-right-back", "busy", "dnd", "offline"],
    );
  });

  it("the demo configuration maps exactly like the defaults", () => {
    const fromConfig = presenceMappingOf(parseConfig({ workers: [{ id: "kw1", name: "A" }] }));
    for (const presence of ALL_PRESENCES) {
      expect(reportFor(presence, fromConfig)).toEqual(reportFor(presence, DEFAULT_PRESENCE_MAPPING));
    }
  });
});

const custom = (overrides: Partial<PresenceMappingOptions>): PresenceMappingOptions => ({
  ...DEFAULT_PRESENCE_MAPPING,
  ...overrides,
});

describe("reportFor with the agent-status-* and presence-* options", () => {
  it.each<[string, PresenceMappingOptions, Presence, string, Record<string, string>]>([
    [
      "busy in agent-status-ready",
      custom({ agentStatusReady: ["available", "busy"], agentStatusNotReady: ["dnd", "be-right-back", "away"] }),
      "busy",
      "RequestAgentReady",
      { KW_UC_STATUS: "busy" },
    ],
    [
      "available moved to agent-status-notready",
      custom({ agentStatusReady: ["busy"], agentStatusNotReady: ["available", "dnd", "be-right-back", "away"] }),
      "available",
      "RequestAgentNotReady",
      { KW_UC_STATUS: "ready" },
    ],
    [
      "away in agent-status-logout",
      custom({ agentStatusNotReady: ["busy", "dnd", "be-right-back"], agentStatusLogout: ["offline", "away"] }),
      "away",
      "RequestAgentLogout",
      { KW_UC_STATUS: "offline", KW_UC_NOTE: "Logged out" },
    ],
    [
      "offline in agent-status-notready",
      custom({ agentStatusNotReady: ["busy", "dnd", "be-right-back", "away", "offline"], agentStatusLogout: [] }),
      "offline",
      "RequestAgentNotReady",
      { KW_UC_STATUS: "offline" },
    ],
    [
      "custom presence-lg-status / presence-lg-note",
      custom({ presenceLgStatus: "signed-out", presenceLgNote: "Gone home" }),
      "offline",
      "RequestAgentLogout",
      { KW_UC_STATUS: "signed-out", KW_UC_NOTE: "Gone home" },
    ],
    [
      "empty presence-lg-note is left out",
      custom({ presenceLgNote: "" }),
      "offline",
      "RequestAgentLogout",
      { KW_UC_STATUS: "offline" },
    ],
    [
      "custom presence-acw-status / presence-acw-note",
      custom({ presenceAcwStatus: "wrap", presenceAcwNote: "Wrapping up" }),
      "after-call-work",
      "RequestAgentNotReady",
      { KW_UC_STATUS: "wrap", KW_UC_NOTE: "Wrapping up" },
    ],
    [
      "empty presence-acw-note is left out",
      custom({ presenceAcwNote: "" }),
      "after-call-work",
      "RequestAgentNotReady",
      { KW_UC_STATUS: "after-call-work" },
    ],
    [
      "after-call-work stays NotReady even if every presence is Ready",
      custom({ agentStatusReady: [...SELECTABLE_PRESENCES], agentStatusNotReady: [], agentStatusLogout: [] }),
      "after-call-work",
      "RequestAgentNotReady",
      { KW_UC_STATUS: "after-call-work", KW_UC_NOTE: "After call work" },
    ],
  ])("%s", (_name, options, presence, type, reasons) => {
    expect(reportFor(presence, options)).toEqual({ type, reasons });
  });
});

describe("isReady", () => {
  it.each<[Presence, boolean]>([
    ["available", true],
    ["busy", false],
    ["dnd", false],
    ["be-right-back", false],
    ["away", false],
    ["offline", false],
    ["after-call-work", false],
  ])("%s -> %s by default", (presence, ready) => {
    expect(isReady(presence, DEFAULT_PRESENCE_MAPPING)).toBe(ready);
  });

  it("follows agent-status-ready, but never during after-call work", () => {
    const options = custom({ agentStatusReady: ["available", "busy"], agentStatusNotReady: ["dnd", "be-right-back", "away"] });
    expect(isReady("busy", options)).toBe(true);
    expect(isReady("after-call-work", custom({ agentStatusReady: [...SELECTABLE_PRESENCES] }))).toBe(false);
  });
});

describe("presence guards", () => {
  it("isPresence accepts the seven presences only", () => {
    for (const p of ALL_PRESENCES) expect(isPresence(p)).toBe(true);
    for (const bad of ["Available", "ready", "", " busy", null, undefined, 1, {}]) expect(isPresence(bad)).toBe(false);
  });

  it("isSelectablePresence refuses after-call-work (set by the system, B1)", () => {
    expect(isSelectablePresence("after-call-work")).toBe(false);
    for (const p of SELECTABLE_PRESENCES) expect(isSelectablePresence(p)).toBe(true);
  });

  it("the drop-down order is Available, Busy, DND, Be Right Back, Away, Offline", () => {
    expect(SELECTABLE_PRESENCES).toEqual(["available", "busy", "dnd", "be-right-back", "away", "offline"]);
  });
});
