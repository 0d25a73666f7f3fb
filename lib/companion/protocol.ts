/**
 * The desktop companion's protocol (B11): what the companion and the connector say to each other
 * over Bayeux. One file for both sides, so neither can drift from the other. DESIGN.md tells the
 * story (pairing, channels, heartbeats, call matching); this file fixes the shapes.
 *
 * - Handshake: `ext.companion = {worker, credential}` (the credential a pairing code was
 *   exchanged for), or a client certificate on the MTLS listener naming the worker.
 * - The companion subscribes to `companionChannels.down(worker)` and publishes on
 *   `companionChannels.up(worker)`; the connector answers each `test` and `heartbeat` on `down`
 *   with an `ack` carrying the same `seq`, and sends commands there. Nothing else may be reached
 *   with a companion's session, and a worker's browser session may reach neither channel.
 */
import { z } from "zod";

const COMPANION_PREFIX = "/companion/";

export const companionChannels = {
  /** Connector → companion: acks and call commands for one worker's desktop. */
  down: (workerId: string) => `${COMPANION_PREFIX}${workerId}/down`,
  /** Companion → connector: test, heartbeats, softphone state and call events. */
  up: (workerId: string) => `${COMPANION_PREFIX}${workerId}/up`,
};

/** The worker and direction of a companion channel, or undefined for any other channel. */
export function parseCompanionChannel(channel: string): { workerId: string; direction: "up" | "down" } | undefined {
  if (!channel.startsWith(COMPANION_PREFIX)) return undefined;
  const [workerId, direction, ...rest] = channel.slice(COMPANION_PREFIX.length).split("/");
  if (rest.length > 0 || !workerId || workerId.includes("*")) return undefined;
  if (direction !== "up" && direction !== "down") return undefined;
  return { workerId, direction };
}

/** What the companion's softphone adapter reports of itself. */
export const softphoneStateSchema = z.enum(["ready", "absent"]);
export type SoftphoneState = z.infer<typeof softphoneStateSchema>;

/** A call's state as the softphone reports it. */
export const softphoneCallStateSchema = z.enum(["ringing", "established", "held", "closed"]);
export type SoftphoneCallState = z.infer<typeof softphoneCallStateSchema>;

const seq = z.number().int().nonnegative();
/** The softphone's own id of a call (baresip's call id), unique on that desktop. */
const callId = z.string().min(1).max(200);

export const companionUpSchema = z.discriminatedUnion("type", [
  /** Sent once after each handshake: the connector's ack proves the link works end to end. */
  z.object({ type: z.literal("test"), seq, version: z.string().max(40) }).strict(),
  /** Every gla-kpl-time seconds; the connector must ack within gla-kpl-response-time. */
  z.object({ type: z.literal("heartbeat"), seq }).strict(),
  /** The softphone came, went, or changed state. */
  z.object({ type: z.literal("softphone"), state: softphoneStateSchema }).strict(),
  /**
   * A call on the softphone: `ringing` when one comes in (with the caller's address), then each
   * state it reaches. `at` is the companion's clock (ISO); the connector matches by its own
   * receive time and uses `at` only for logs.
   */
  z
    .object({
      type: z.literal("call"),
      callId,
      state: softphoneCallStateSchema,
      peer: z.string().max(500).optional(),
      at: z.string().datetime(),
    })
    .strict(),
  /** A DTMF digit the far end sent during a call. */
  z.object({ type: z.literal("dtmf"), callId, digit: z.string().regex(/^[0-9*#A-D]$/) }).strict(),
  /** The outcome of a command from `down`. */
  z.object({ type: z.literal("result"), commandId: z.string().min(1).max(100), ok: z.boolean(), error: z.string().max(500).optional() }).strict(),
]);
export type CompanionUp = z.infer<typeof companionUpSchema>;

/** What the connector asks the softphone to do with one call. */
export const softphoneCommandSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("answer") }).strict(),
  z.object({ kind: z.literal("hold") }).strict(),
  z.object({ kind: z.literal("resume") }).strict(),
  z.object({ kind: z.literal("dtmf"), digits: z.string().regex(/^[0-9*#A-D]{1,32}$/) }).strict(),
  z.object({ kind: z.literal("hangup") }).strict(),
  /**
   * The worker's microphone on the call: `mute` silences it, `unmute` opens it again. Each names
   * the state wanted, not a toggle: a softphone whose own mute toggles (baresip) keeps what it set
   * and does nothing when the call is in that state already. The result says it is done.
   */
  z.object({ kind: z.literal("mute") }).strict(),
  z.object({ kind: z.literal("unmute") }).strict(),
]);
export type SoftphoneCommand = z.infer<typeof softphoneCommandSchema>;

export const companionDownSchema = z.discriminatedUnion("type", [
  /**
   * Answers a `test` or a `heartbeat` with its seq. The answer to `test` also carries the
   * connector's keep-alive settings (uc-connector gla-kpl-time and gla-kpl-response-time, in
   * seconds), so every companion keeps the pace the connector was configured with.
   */
  z
    .object({
      type: z.literal("ack"),
      seq,
      keepAlive: z.object({ intervalSeconds: z.number().int().positive(), responseSeconds: z.number().int().positive() }).strict().optional(),
    })
    .strict(),
  z.object({ type: z.literal("command"), commandId: z.string().min(1).max(100), callId, command: softphoneCommandSchema }).strict(),
]);
export type CompanionDown = z.infer<typeof companionDownSchema>;

/** The handshake's `ext.companion`. */
export const companionHandshakeSchema = z.object({ worker: z.string().min(1).max(100), credential: z.string().min(20).max(200) }).strict();
export type CompanionHandshake = z.infer<typeof companionHandshakeSchema>;

/** The pairing exchange: `POST /api/companion/pair` with this body answers 201 `{credential}`. */
export const companionPairSchema = z.object({ worker: z.string().min(1).max(100), code: z.string().min(6).max(64) }).strict();
