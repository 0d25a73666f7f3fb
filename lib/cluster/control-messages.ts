/**
 * The control messages nodes send each other on the bus, checked on receipt: a message another
 * version of the connector (or anyone with access to Redis) sent in another shape is dropped.
 */
import { z } from "zod";
import type { ControlMessage } from "../bus/in-process-bus";

const controlSchema = z.union([
  /** Sign-out everywhere: every node ends the worker's Bayeux sessions. */
  z.object({ type: z.literal("drop-worker"), worker: z.string().min(1).max(200) }).strict(),
  /** Sessions ended on one node: every node's cache forgets them (all of a worker's, or one). */
  z.object({ type: z.literal("sessions-ended"), worker: z.string().min(1).max(200) }).strict(),
  z.object({ type: z.literal("sessions-ended"), key: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
  /** Another node owns the work now: every window re-syncs. */
  z.object({ type: z.literal("owner-changed"), epoch: z.number().int().nonnegative() }).strict(),
]);

export type Control =
  | { type: "drop-worker"; worker: string }
  | { type: "sessions-ended"; worker: string }
  | { type: "sessions-ended"; key: string }
  | { type: "owner-changed"; epoch: number };

export function readControl(message: ControlMessage): Control | undefined {
  const parsed = controlSchema.safeParse(message);
  return parsed.success ? parsed.data : undefined;
}
