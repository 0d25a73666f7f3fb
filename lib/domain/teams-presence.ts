/**
 * Teams presence (Microsoft Graph `availability` / `activity`) and the connector's presences, both
 * ways: the configurable table that reads a Graph presence as a connector presence (the UC side of
 * B2/B3), and the session presence the connector writes to Graph for a connector presence. Pure.
 */
import type { Presence, SelectablePresence } from "./presence";

/** Graph's `availability` values (presence resource, v1.0). */
export const GRAPH_AVAILABILITIES = [
  "Available",
  "AvailableIdle",
  "Away",
  "BeRightBack",
  "Busy",
  "BusyIdle",
  "DoNotDisturb",
  "Offline",
  "PresenceUnknown",
] as const;

/** Graph's `activity` values beyond the availabilities (presence resource, v1.0). */
export const GRAPH_ACTIVITIES = [
  "InACall",
  "InAConferenceCall",
  "InAMeeting",
  "Presenting",
  "OffWork",
  "OutOfOffice",
  "Inactive",
  "UrgentInterruptionsOnly",
] as const;

export type GraphPresenceName = (typeof GRAPH_AVAILABILITIES)[number] | (typeof GRAPH_ACTIVITIES)[number];

/** What a Graph value becomes: a presence, or `ignore` (the connector keeps what it has). */
export type MappedPresence = SelectablePresence | "ignore";

export type TeamsPresenceMap = Readonly<Partial<Record<GraphPresenceName, MappedPresence>>>;

/**
 * The default table. An activity that is named wins over its availability, so a call, a meeting
 * or a presentation makes the worker not ready (busy) even when Teams says DoNotDisturb.
 */
export const DEFAULT_TEAMS_PRESENCE_MAP: TeamsPresenceMap = {
  Available: "available",
  AvailableIdle: "away",
  Away: "away",
  BeRightBack: "be-right-back",
  Busy: "busy",
  BusyIdle: "busy",
  DoNotDisturb: "dnd",
  Offline: "offline",
  PresenceUnknown: "ignore",
  InACall: "busy",
  InAConferenceCall: "busy",
  InAMeeting: "busy",
  Presenting: "busy",
  OffWork: "offline",
  OutOfOffice: "offline",
  UrgentInterruptionsOnly: "dnd",
};

export interface GraphPresence {
  availability: string;
  activity: string;
}

/** The connector presence a Graph presence reads as, or undefined when the table says ignore it. */
export function fromGraph(map: TeamsPresenceMap, graph: GraphPresence): SelectablePresence | undefined {
  const byActivity = map[graph.activity as GraphPresenceName];
  const mapped = byActivity ?? map[graph.availability as GraphPresenceName];
  return mapped === undefined || mapped === "ignore" ? undefined : mapped;
}

/**
 * The session presence written for a connector presence; `clear` for offline (the connector's
 * session then says nothing). NOTE: setPresence accepts only these pairs: Available/Available,
 * Busy/InACall, Busy/InAConferenceCall, Away/Away, DoNotDisturb/Presenting.
 */
export function toGraph(presence: Presence): GraphPresence | "clear" {
  switch (presence) {
    case "available":
      return { availability: "Available", activity: "Available" };
    case "busy":
    case "after-call-work":
      return { availability: "Busy", activity: "InACall" };
    case "dnd":
      return { availability: "DoNotDisturb", activity: "Presenting" };
    case "be-right-back":
    case "away":
      return { availability: "Away", activity: "Away" };
    case "offline":
      return "clear";
  }
}

export const samePresence = (a: GraphPresence | undefined, b: GraphPresence | undefined) =>
  a !== undefined && b !== undefined && a.availability === b.availability && a.activity === b.activity;

/** presence-sync-mode: which directions run between the connector and the UC side (Teams). */
export type PresenceSyncMode = "two-way" | "from-uc" | "to-uc" | "off";

/** Whether presence set on the UC side (Teams, or PUT /api/v1/workers/{id}/presence) is taken. */
export const takesFromUc = (mode: PresenceSyncMode) => mode === "two-way" || mode === "from-uc";

/** Whether the connector writes its presence to the UC side (Teams through Graph). */
export const writesToUc = (mode: PresenceSyncMode) => mode === "two-way" || mode === "to-uc";
