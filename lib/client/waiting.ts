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

/** When this browser first saw each `serverTime`; a few recent ones are enough. */
const firstSeen = new Map<string, number>();
const REMEMBERED = 64;

/**
 * How far the connector's clock is ahead of this browser's, from a view's `serverTime` and the
 * moment this page first saw it. NOTE: not the moment a component mounts: a tab that appears
 * when a second chat arrives would otherwise take an older view's time as now, and the wait
 * would read 0:00 for as long as that view is old.
 */
export function skewSince(serverTime: string, now = Date.now()): number {
  let seen = firstSeen.get(serverTime);
  if (seen === undefined) {
    seen = now;
    firstSeen.set(serverTime, seen);
    if (firstSeen.size > REMEMBERED) firstSeen.delete(firstSeen.keys().next().value!);
  }
  return Date.parse(serverTime) - seen;
}
