/**
 * The Microsoft Graph port: what the connector asks of Graph for Teams presence. One adapter
 * (./graph-client.ts, Microsoft's libraries); the tests run it against a stand-in on loopback.
 */
import type { GraphPresence } from "../domain/teams-presence";

/** A user's presence as getPresencesByUserId answers it. */
export interface GraphPresenceReading extends GraphPresence {
  /** The user's object id. */
  id: string;
}

export interface GraphPresencePort {
  /** The user's object id for a user principal name (`GET /users/{upn}?$select=id`). */
  userIdOf(upn: string): Promise<string>;
  /** The presences of these users (`POST /communications/getPresencesByUserId`, in calls of at most 650 ids). */
  presences(ids: readonly string[]): Promise<GraphPresenceReading[]>;
  /** Sets the connector's session presence of a user (`setPresence`, the client id as sessionId). */
  setPresence(userId: string, presence: GraphPresence, expirationMinutes: number): Promise<void>;
  /** Ends the connector's session presence of a user (`clearPresence`). */
  clearPresence(userId: string): Promise<void>;
}

/** A Teams activity-feed notification (`POST /users/{id}/teamwork/sendActivityNotification`). */
export interface ActivityNotification {
  /** What the feed names the notification after, and the Teams deep link it opens. */
  topic: { source: "text"; value: string; webUrl: string };
  /** One of the app manifest's `activities.activityTypes`. */
  activityType: string;
  previewText: { content: string };
  templateParameters: Array<{ name: string; value: string }>;
  /** The Teams app (manifest) id, when several apps share the Entra app id. */
  teamsAppId?: string;
}

export interface GraphActivityPort {
  /** The user's object id for a user principal name. */
  userIdOf(upn: string): Promise<string>;
  sendActivityNotification(userId: string, notification: ActivityNotification): Promise<void>;
}

/** The adapter serves both. */
export type GraphPort = GraphPresencePort & GraphActivityPort;
