/**
 * Every message the connector pushes to a browser over Bayeux, as one discriminated union.
 * Bump PROTOCOL_VERSION when a message changes shape; the client ignores versions it does not know.
 */
import type { Presence } from "./domain/presence";

export const PROTOCOL_VERSION = 1;

export type PresenceChanged = {
  v: typeof PROTOCOL_VERSION;
  type: "presence";
  presence: Presence;
  /** ISO time of the change. */
  since: string;
};

export type PushMessage = PresenceChanged;

export function isPushMessage(value: unknown): value is PushMessage {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { v?: unknown }).v === PROTOCOL_VERSION &&
    typeof (value as { type?: unknown }).type === "string"
  );
}
