import type { ChatMessageView } from "../protocol";

/**
 * Since when the customer has waited for the worker: the time of the first customer message
 * after the worker's last one (undefined when the worker has answered, or the customer has said
 * nothing yet). System lines (transfers, joins) neither start nor stop the wait.
 */
export function waitingSince(messages: readonly ChatMessageView[]): string | undefined {
  let since: string | undefined;
  for (const m of messages) {
    if (m.from === "worker") since = undefined;
    else if (m.from === "customer") since ??= m.at;
  }
  return since;
}
