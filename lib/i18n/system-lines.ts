/**
 * A chat's system lines ("Alex Morgan joined the chat") are written by the connector, in English,
 * into the transcript that the integration API also serves (lib/connector/interactions: accepting
 * an offer or a transfer, ending). The pages show the ones they recognise in the reader's
 * language; any other line shows as written. tests/integration/system-lines.test.ts fails when the
 * connector writes a line this does not recognise.
 * NOTE: a code on the stored line would say this without reading English; until the connector
 * keeps one, these are its exact sentences.
 */
import type { MessageKey } from "./en";

const LINES: readonly { pattern: RegExp; key: MessageKey }[] = [
  { pattern: /^(?<name>.+) joined the chat$/su, key: "chat.joined" },
  { pattern: /^The customer left the chat$/u, key: "transcript.customerLeft" },
  { pattern: /^(?<name>.+) ended the chat$/su, key: "transcript.workerEnded" },
];

/** The message key and values that say a system line in any language, or undefined. */
export function systemLine(text: string): { key: MessageKey; vars: { name: string } } | undefined {
  for (const { pattern, key } of LINES) {
    const match = pattern.exec(text);
    if (match) return { key, vars: { name: match.groups?.name ?? "" } };
  }
  return undefined;
}
