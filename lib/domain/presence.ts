/**
 * The Knowledge Worker's presence and how each change is reported to the routing side
 * (shared/DESIGN.md B1-B3; the deployment guide's KW_UC_STATUS table). Pure: no I/O.
 */

/** Presences a worker can choose in the drop-down (B1), in the drop-down's order. */
export const SELECTABLE_PRESENCES = [
  "available",
  "busy",
  "dnd",
  "be-right-back",
  "away",
  "offline",
] as const;

export type SelectablePresence = (typeof SELECTABLE_PRESENCES)[number];

/** After-call work is set by the system, never chosen by the worker. */
export type Presence = SelectablePresence | "after-call-work";

export const ALL_PRESENCES: readonly Presence[] = [...SELECTABLE_PRESENCES, "after-call-work"];

export function isPresence(value: unknown): value is Presence {
  return typeof value === "string" && (ALL_PRESENCES as readonly string[]).includes(value);
}

export function isSelectablePresence(value: unknown): value is SelectablePresence {
  return typeof value === "string" && (SELECTABLE_PRESENCES as readonly string[]).includes(value);
}

export type AgentRequest = "RequestAgentReady" | "RequestAgentNotReady" | "RequestAgentLogout";

/** The options of the `microsoft-ocs` section that shape the report of a presence change. */
export interface PresenceMappingOptions {
  /** UC presences reported as RequestAgentReady. Default: available. */
  agentStatusReady: readonly SelectablePresence[];
  /** UC presences reported as RequestAgentNotReady. Default: busy, dnd, be-right-back, away. */
  agentStatusNotReady: readonly SelectablePresence[];
  /** UC presences reported as RequestAgentLogout. Default: offline. */
  agentStatusLogout: readonly SelectablePresence[];
  /** KW_UC_STATUS reported while after-call work runs. Default: after-call-work. */
  presenceAcwStatus: string;
  /** KW_UC_NOTE reported while after-call work runs. Default: "After call work". */
  presenceAcwNote: string;
  /** KW_UC_STATUS reported when the worker logs out. Default: offline. */
  presenceLgStatus: string;
  /** KW_UC_NOTE reported when the worker logs out. Default: "Logged out". */
  presenceLgNote: string;
}

export const DEFAULT_PRESENCE_MAPPING: PresenceMappingOptions = {
  agentStatusReady: ["available"],
  agentStatusNotReady: ["busy", "dnd", "be-right-back", "away"],
  agentStatusLogout: ["offline"],
  presenceAcwStatus: "after-call-work",
  presenceAcwNote: "After call work",
  presenceLgStatus: "offline",
  presenceLgNote: "Logged out",
};

/** KW_UC_STATUS of each presence as the deployment guide's table names it. */
const KW_UC_STATUS: Record<SelectablePresence, string> = {
  available: "ready",
  busy: "busy",
  dnd: "dnd",
  "be-right-back": "be-right-back",
  away: "away",
  offline: "offline",
};

export interface AgentReport {
  type: AgentRequest;
  reasons: Record<string, string>;
}

/** The reporting request a change to `presence` produces. */
export function reportFor(presence: Presence, options: PresenceMappingOptions): AgentReport {
  if (presence === "after-call-work") {
    return {
      type: "RequestAgentNotReady",
      reasons: withNote({ KW_UC_STATUS: options.presenceAcwStatus }, options.presenceAcwNote),
    };
  }
  if (options.agentStatusLogout.includes(presence)) {
    return {
      type: "RequestAgentLogout",
      reasons: withNote({ KW_UC_STATUS: options.presenceLgStatus }, options.presenceLgNote),
    };
  }
  if (options.agentStatusReady.includes(presence)) {
    return { type: "RequestAgentReady", reasons: { KW_UC_STATUS: KW_UC_STATUS[presence] } };
  }
  // NOTE: the configuration schema guarantees every presence is in exactly one list, so what is
  // neither Ready nor Logout is NotReady.
  return { type: "RequestAgentNotReady", reasons: { KW_UC_STATUS: KW_UC_STATUS[presence] } };
}

function withNote(reasons: Record<string, string>, note: string): Record<string, string> {
  return note ? { ...reasons, KW_UC_NOTE: note } : reasons;
}

/** Whether a worker in this presence may be offered interactions (B4). */
export function isReady(presence: Presence, options: PresenceMappingOptions): boolean {
  return presence !== "after-call-work" && options.agentStatusReady.includes(presence);
}

/** Where a presence change came from: the web client, the UC side (sync) or the connector. */
export type PresenceSource = "web-client" | "uc" | "system";
