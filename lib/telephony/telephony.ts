/**
 * The telephony port: how the connector's call control reaches a voice path. The call's states
 * are the domain's (lib/domain/call.ts); an adapter carries each worker command out on a real
 * call (a SIP or WebRTC bridge, later) and reports the far end's side through the integration
 * API (POST /api/v1/interactions/{id}/call/{event}). The default adapter is the embedded call
 * model: it carries no audio, so every command is done as soon as it is asked for.
 */

export type CallCommand =
  | { kind: "answer" }
  | { kind: "hold" }
  | { kind: "retrieve" }
  | { kind: "mute" }
  | { kind: "unmute" }
  | { kind: "dtmf"; digits: string }
  | { kind: "transfer"; to: string }
  | { kind: "consult"; to: string }
  | { kind: "complete-transfer"; to: string }
  | { kind: "cancel-transfer" }
  | { kind: "conference"; to: string }
  | { kind: "remove-party"; worker: string }
  | { kind: "release" };

export interface TelephonyPort {
  /** A name for logs and /healthz-like reports. */
  readonly name: string;
  /** Whether calls carry audio through this adapter (the embedded model does not). */
  readonly carriesAudio: boolean;
  /**
   * Carries out a worker's command on the call of interaction `interactionId`. Rejects when the
   * voice path refused it (nothing is then recorded). For `answer`, `connected` says whether the
   * far end is connected now; when it is not, the adapter reports `answered` later.
   */
  execute(interactionId: string, command: CallCommand): Promise<{ connected: boolean }>;
}
