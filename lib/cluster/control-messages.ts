/**
 * The control messages nodes send each other on the bus, checked on receipt: a message another
 * version of the connector (or anyone with access to Redis) sent in another shape is dropped.
 */
import { z } from "zod";
import type { ControlMessage } from "../bus/in-process-bus";
import { companionDownSchema, companionUpSchema, type CompanionDown, type CompanionUp } from "../companion/protocol";

const controlSchema = z.union([
  /** Sign-out everywhere: every node ends the worker's Bayeux sessions. */
  z.object({ type: z.literal("drop-worker"), worker: z.string().min(1).max(200) }).strict(),
  /** Sessions ended on one node: every node's cache forgets them (all of a worker's, or one). */
  z.object({ type: z.literal("sessions-ended"), worker: z.string().min(1).max(200) }).strict(),
  z.object({ type: z.literal("sessions-ended"), key: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
  /** Another node owns the work now: every window re-syncs. */
  z.object({ type: z.literal("owner-changed"), epoch: z.number().int().nonnegative() }).strict(),
  /** A desktop companion's session began or ended on some node: the owner keeps the worker's record. */
  z.object({ type: z.literal("companion-session"), worker: z.string().min(1).max(200), clientId: z.string().min(1).max(200), open: z.boolean() }).strict(),
  /** What a companion published, relayed by the node holding its session to the owner. */
  z.object({ type: z.literal("companion-up"), worker: z.string().min(1).max(200), clientId: z.string().min(1).max(200), message: companionUpSchema }).strict(),
  /** What the owner sends a worker's companion: the node holding its session delivers it. */
  z.object({ type: z.literal("companion-down"), worker: z.string().min(1).max(200), message: companionDownSchema }).strict(),
  /** The worker unpaired the companion: every node ends its sessions. */
  z.object({ type: z.literal("drop-companion"), worker: z.string().min(1).max(200) }).strict(),
]);

export type Control =
  | { type: "drop-worker"; worker: string }
  | { type: "sessions-ended"; worker: string }
  | { type: "sessions-ended"; key: string }
  | { type: "owner-changed"; epoch: number }
  | { type: "companion-session"; worker: string; clientId: string; open: boolean }
  | { type: "companion-up"; worker: string; clientId: string; message: CompanionUp }
  | { type: "companion-down"; worker: string; message: CompanionDown }
  | { type: "drop-companion"; worker: string };

export function readControl(message: ControlMessage): Control | undefined {
  const parsed = controlSchema.safeParse(message);
  return parsed.success ? parsed.data : undefined;
}
