/**
 * Every worker control as one call: the web client's buttons, a UC client and the integration API
 * all come through here, so they share one set of checks (lib/domain/capabilities.ts).
 */
import type { Action } from "../../../domain/capabilities";
import type { Interaction } from "../../../domain/interaction";
import type { ChatMessage } from "../../../store/store";
import type { createCallControls } from "../calls/call-controls";
import type { createChatMessages } from "../chat-messages";
import type { createEndInteraction } from "../end-interaction";
import type { createFinishInteraction } from "../finish-interaction";
import type { createFinishTransfer } from "../transfers/finish-transfer";
import type { createStartTransfer } from "../transfers/start-transfer";

/** What each action takes besides the worker and the interaction (validated at the edge). */
export interface ActionInput {
  text?: string;
  id?: string;
  digits?: string;
  to?: string;
  note?: string;
  worker?: string;
  disposition?: string;
}

export interface ActionResult {
  interaction?: Interaction;
  message?: ChatMessage;
  created?: boolean;
}

export function createAct(ops: {
  chat: ReturnType<typeof createChatMessages>;
  end: ReturnType<typeof createEndInteraction>;
  finish: ReturnType<typeof createFinishInteraction>;
  control: ReturnType<typeof createCallControls>;
  startTransfer: ReturnType<typeof createStartTransfer>;
  finishTransfer: ReturnType<typeof createFinishTransfer>;
  /** Whether `worker` is a party (not the worker) on the interaction's call now. */
  isParty(interactionId: string, worker: string): boolean;
}) {
  return async function act(worker: string, interactionId: string, action: Action, input: ActionInput = {}): Promise<ActionResult> {
    switch (action) {
      case "send": {
        const kept = await ops.chat.add(interactionId, { worker }, { id: input.id, text: input.text ?? "" });
        return { message: kept.message, created: kept.created };
      }
      case "end":
        return { interaction: await ops.end(interactionId, { worker, action: "end" }) };
      case "release":
        // NOTE: a party hanging up leaves the call; the call's own worker hanging up ends it.
        if (ops.isParty(interactionId, worker)) return { interaction: await ops.finishTransfer.removeParty(worker, interactionId, worker) };
        return { interaction: await ops.end(interactionId, { worker, action: "release" }) };
      case "hold":
      case "retrieve":
      case "mute":
      case "unmute":
      case "dtmf":
        return { interaction: await ops.control(worker, interactionId, action, { digits: input.digits }) };
      case "transfer":
      case "consult":
      case "conference":
        return { interaction: await ops.startTransfer(worker, interactionId, action, { to: input.to ?? "", note: input.note }) };
      case "complete-transfer":
        return { interaction: await ops.finishTransfer.complete(worker, interactionId) };
      case "cancel-transfer":
        return { interaction: await ops.finishTransfer.cancel(worker, interactionId) };
      case "remove-party":
        return { interaction: await ops.finishTransfer.removeParty(worker, interactionId, input.worker ?? "") };
      case "done":
        return { interaction: await ops.finish(worker, interactionId, { disposition: input.disposition, note: input.note }) };
    }
  };
}
