/** Request bodies of the worker controls (POST .../actions/{action}), with their limits. */
import { z } from "zod";
import { ACTIONS, isAction, type Action } from "../../domain/capabilities";
import { DTMF_PATTERN } from "../../domain/call";
import { TRANSFER_NOTE_MAX_CHARS } from "../../domain/transfer";
import { WRAP_UP_NOTE_MAX_CHARS } from "../../domain/wrap-up";
import { AppError } from "../../errors";
import { messageSchema } from "./interaction-schemas";

const workerId = z.string({ error: "worker is required" }).min(1).max(64);
const target = z.string({ error: "to is required: a worker id, or \"queue\"" }).min(1, "to is required: a worker id, or \"queue\"").max(64);
const empty = z.object({}).strict();

/** The body each action takes (the integration API adds `worker`, the worker acting). */
export const ACTION_BODIES: Record<Action, z.ZodObject> = {
  send: messageSchema,
  end: empty,
  release: empty,
  hold: empty,
  retrieve: empty,
  mute: empty,
  unmute: empty,
  dtmf: z.object({ digits: z.string({ error: "digits is required" }).regex(DTMF_PATTERN, "digits are 1-32 of 0-9, *, #, A-D") }).strict(),
  transfer: z.object({ to: target, note: z.string().max(TRANSFER_NOTE_MAX_CHARS).optional() }).strict(),
  consult: z.object({ to: target, note: z.string().max(TRANSFER_NOTE_MAX_CHARS).optional() }).strict(),
  conference: z.object({ to: target, note: z.string().max(TRANSFER_NOTE_MAX_CHARS).optional() }).strict(),
  "complete-transfer": empty,
  "cancel-transfer": empty,
  "remove-party": z.object({ worker: workerId }).strict(),
  done: z
    .object({
      disposition: z.string().min(1).max(64).optional(),
      note: z.string().trim().max(WRAP_UP_NOTE_MAX_CHARS, `note is at most ${WRAP_UP_NOTE_MAX_CHARS} characters`).optional(),
    })
    .strict(),
};

export function parseAction(name: string): Action {
  if (!isAction(name)) throw new AppError("not_found", `no action "${name}" (actions: ${ACTIONS.join(", ")})`);
  return name;
}
