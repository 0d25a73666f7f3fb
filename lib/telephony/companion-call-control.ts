/**
 * The telephony adapter for calls on the worker's desktop softphone (B11): for a call matched to
 * one there, each worker command is sent to the worker's companion, which drives the softphone;
 * the command is done once the companion's `result` says ok and the softphone reports the state
 * the command leads to. Any other call goes to the embedded call model, as without a companion.
 */
import { randomUUID } from "node:crypto";
import type { CompanionDown, SoftphoneCallState, SoftphoneCommand } from "../companion/protocol";
import { AppError } from "../errors";
import type { Store } from "../store/store";
import type { CallCommand, TelephonyPort } from "./telephony";

export interface CompanionCallControlDeps {
  store: Store;
  /** Calls that are not on a desktop softphone. */
  fallback: TelephonyPort;
  send(worker: string, message: CompanionDown): void;
  /** How long a command may take before the desktop phone counts as unreachable. */
  timeoutMs: number;
}

export interface CompanionCallControl extends TelephonyPort {
  /** The companion's outcome of a command. */
  result(commandId: string, ok: boolean, error?: string): void;
  /** The state the softphone reports for one of its calls. */
  callState(worker: string, callId: string, state: SoftphoneCallState): void;
  stateOf(worker: string, callId: string): SoftphoneCallState | undefined;
}

/** The softphone command for a worker command, and the call state that says it is done. */
function translate(command: CallCommand): { command: SoftphoneCommand; until?: SoftphoneCallState } | "unsupported" {
  switch (command.kind) {
    case "answer":
      return { command: { kind: "answer" }, until: "established" };
    case "hold":
      return { command: { kind: "hold" }, until: "held" };
    case "retrieve":
      return { command: { kind: "resume" }, until: "established" };
    case "dtmf":
      return { command: { kind: "dtmf", digits: command.digits } };
    case "release":
      return { command: { kind: "hangup" }, until: "closed" };
    // NOTE: the softphone reports no mute state: the companion's ok result is what says it is done.
    case "mute":
      return { command: { kind: "mute" } };
    case "unmute":
      return { command: { kind: "unmute" } };
    default:
      return "unsupported";
  }
}

export function createCompanionCallControl(deps: CompanionCallControlDeps): CompanionCallControl {
  const states = new Map<string, SoftphoneCallState>();
  const stateWaiters = new Set<{ key: string; until: SoftphoneCallState; done: () => void }>();
  const results = new Map<string, (outcome: { ok: boolean; error?: string }) => void>();
  const key = (worker: string, callId: string) => `${worker}\u0000${callId}`;

  function waitFor<T>(start: (resolve: (value: T) => void) => () => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let cancel = () => {};
      const timer = setTimeout(() => {
        cancel();
        reject(new AppError("unavailable", "the desktop phone did not answer in time; try again"));
      }, deps.timeoutMs);
      cancel = start((value) => {
        clearTimeout(timer);
        cancel();
        resolve(value);
      });
    });
  }

  return {
    name: "desktop companion (softphone)",
    carriesAudio: true,
    async execute(interactionId, command) {
      const i = await deps.store.getInteraction(interactionId);
      const phone = i?.call?.softphone;
      // NOTE: a call matched on one worker's desktop and offered to another (after a Reject) is not on the other's desktop.
      const handler = i?.offer?.worker ?? i?.worker;
      if (!phone || handler !== phone.worker) return deps.fallback.execute(interactionId, command);
      const plan = translate(command);
      if (plan === "unsupported") throw new AppError("conflict", "this call is on the desktop phone, which cannot transfer or conference it");
      const k = key(phone.worker, phone.callId);
      if (plan.until && states.get(k) === plan.until) return { connected: true };
      if (states.get(k) === "closed") throw new AppError("conflict", "the call has ended on the desktop phone");
      const commandId = randomUUID();
      const reached = plan.until
        ? waitFor<void>((done) => {
            const waiter = { key: k, until: plan.until!, done: () => done() };
            stateWaiters.add(waiter);
            return () => stateWaiters.delete(waiter);
          })
        : Promise.resolve();
      // NOTE: when the command fails or times out first, the wait for its state is abandoned.
      reached.catch(() => undefined);
      const outcome = waitFor<{ ok: boolean; error?: string }>((done) => {
        results.set(commandId, done);
        return () => results.delete(commandId);
      });
      deps.send(phone.worker, { type: "command", commandId, callId: phone.callId, command: plan.command });
      const { ok, error } = await outcome;
      if (!ok) {
        throw new AppError("conflict", `the desktop phone refused: ${error ?? "no reason given"}`);
      }
      await reached;
      return { connected: true };
    },
    result(commandId, ok, error) {
      results.get(commandId)?.({ ok, ...(error ? { error } : {}) });
    },
    callState(worker, callId, state) {
      const k = key(worker, callId);
      states.set(k, state);
      for (const waiter of [...stateWaiters]) if (waiter.key === k && waiter.until === state) waiter.done();
      // NOTE: a closed call's state is kept a while for the Hang up that may still be on its way, then forgotten.
      if (state === "closed") setTimeout(() => states.get(k) === "closed" && states.delete(k), 60_000).unref();
    },
    stateOf: (worker, callId) => states.get(key(worker, callId)),
  };
}
