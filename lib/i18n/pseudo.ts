/**
 * Pseudo-localisation: every English message made about 40 % longer, its letters accented and the
 * whole bracketed, so text that a longer language would push out of its box shows as cut off or
 * spilling in a screenshot. Placeholders, plural and select structure are kept (the AST is
 * rewritten, not the string), so the page still works.
 */
import type { Messages } from "./en";
import { AstType, parseMessage, type AstNode } from "./message-ast";

/** How much longer each piece of text gets (German and French run 30-40 % over English). */
export const PSEUDO_EXPANSION = 0.4;

const PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ACCENTED = [..."àƀçđéƒĝĥîĵķĺɱñöƥǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĹṀÑÖƤǪŔŠŢÛṼŴẊÝŽ"];
/** Filler made of short words, so padded text still wraps where a real translation would. */
const FILLER = " ļőŕéɱ ĩƥšũɱ đőļőŕ šĩţ àɱéţ ƈőñšéƈţéţũŕ";

function accent(text: string): string {
  return [...text].map((c) => {
    const i = PLAIN.indexOf(c);
    return i >= 0 ? ACCENTED[i] : c;
  }).join("");
}

function filler(length: number): string {
  let out = "";
  while (out.length < length) out += FILLER;
  return out.slice(0, length);
}

function expand(nodes: readonly AstNode[]): AstNode[] {
  return nodes.map((node) => {
    if (node.type === AstType.literal && node.value && /\p{L}/u.test(node.value)) {
      const padding = filler(Math.ceil(node.value.trim().length * PSEUDO_EXPANSION));
      // NOTE: the padding goes before trailing spaces, so "Send " + arg stays "Séñđ ļő " + arg.
      const [, body, tail] = /^(.*?)(\s*)$/su.exec(node.value)!;
      return { ...node, value: `${accent(body)}${padding}${tail}` };
    }
    if (node.options) {
      const options = Object.fromEntries(Object.entries(node.options).map(([k, o]) => [k, { ...o, value: expand(o.value) }]));
      return { ...node, options };
    }
    if (node.children) return { ...node, children: expand(node.children) };
    return node;
  });
}

/** The pseudo-locale's messages, as ASTs the translator formats directly. */
export function pseudoMessages(messages: Messages): Record<string, AstNode[]> {
  const out: Record<string, AstNode[]> = {};
  for (const [key, message] of Object.entries(messages)) {
    out[key] = [{ type: AstType.literal, value: "[" }, ...expand(parseMessage(message, "en")), { type: AstType.literal, value: "]" }];
  }
  return out;
}
