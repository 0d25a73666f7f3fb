/**
 * What may be done with an interaction now, by whom: the one source of truth. The connector
 * sends these with every interaction, the web client enables exactly these controls, and every
 * action is refused (409, naming these) unless it is among them.
 */
import type { Interaction } from "./interaction";

export const ACTIONS = [
  "send",
  "end",
  "transfer",
  "cancel-transfer",
  "hold",
  "retrieve",
  "mute",
  "unmute",
  "dtmf",
  "consult",
  "complete-transfer",
  "conference",
  "remove-party",
  "release",
  "done",
] as const;
export type Action = (typeof ACTIONS)[number];

export function isAction(value: string): value is Action {
  return (ACTIONS as readonly string[]).includes(value);
}

/** The worker's relation to the interaction: its worker, a party on its call, or none. */
export function roleOf(i: Interaction, worker: string): "owner" | "party" | undefined {
  if (i.worker === worker && (i.state === "active" || i.state === "wrap-up")) return "owner";
  if (i.state === "active" && i.parties?.some((p) => p.worker === worker)) return "party";
  return undefined;
}

/** The actions `worker` may take on `i` now, in a stable order. */
export function capabilities(i: Interaction, worker: string): Action[] {
  const role = roleOf(i, worker);
  if (!role) return [];
  if (i.state === "wrap-up") return role === "owner" ? ["done"] : [];
  if (role === "party") return ["release"];
  if (i.media === "chat") return i.invite ? ["send", "end", "cancel-transfer"] : ["send", "end", "transfer"];
  const actions = callCapabilities(i);
  // NOTE: a call on the worker's desktop phone (B11) cannot be transferred or conferenced from
  // here: the companion's softphone commands are answer, hold, resume, DTMF and hang up.
  return i.call?.softphone && i.call.softphone.worker === i.worker ? actions.filter((a) => !DESKTOP_UNSUPPORTED.has(a)) : actions;
}

const DESKTOP_UNSUPPORTED: ReadonlySet<Action> = new Set(["transfer", "consult", "conference"]);

function callCapabilities(i: Interaction): Action[] {
  const call = i.call;
  if (!call || call.state === "released") return [];
  if (call.state === "ringing") return ["release"];
  const mute: Action = call.muted ? "unmute" : "mute";
  const remove: Action[] = i.parties?.some((p) => p.role === "conference") ? ["remove-party"] : [];
  if (i.invite) {
    const complete: Action[] = i.invite.stage === "talking" ? ["complete-transfer"] : [];
    return [...complete, "cancel-transfer", mute, ...remove, "release"];
  }
  if (call.state === "held" && call.heldBy === "customer") return [mute, ...remove, "release"];
  if (call.state === "held") return ["retrieve", mute, "transfer", "consult", "conference", ...remove, "release"];
  return ["hold", mute, "dtmf", "transfer", "consult", "conference", ...remove, "release"];
}

/** Whether `action` is allowed, or the refusal naming what is. */
export function checkAction(i: Interaction, worker: string, action: Action): { ok: true } | { ok: false; allowed: Action[]; message: string } {
  const allowed = capabilities(i, worker);
  if (allowed.includes(action)) return { ok: true };
  const now = i.call && i.state === "active" ? `the call is ${i.call.state}` : `the interaction is ${i.state}`;
  return { ok: false, allowed, message: `"${action}" is not allowed now (${now}); allowed: ${allowed.join(", ") || "nothing"}` };
}
