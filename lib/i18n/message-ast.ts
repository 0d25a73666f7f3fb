/**
 * The few shapes of a parsed ICU message (formatjs' AST) that the pseudo-locale and the catalogue
 * tests walk. The numbers are formatjs' `TYPE` enum; declared here so nothing imports the parser
 * package, which only comes in through @formatjs/intl.
 */
import { createFormatters, createIntlCache } from "@formatjs/intl";

export const AstType = {
  literal: 0,
  argument: 1,
  number: 2,
  date: 3,
  time: 4,
  select: 5,
  plural: 6,
  pound: 7,
  tag: 8,
} as const;

export interface AstNode {
  type: (typeof AstType)[keyof typeof AstType];
  value?: string;
  options?: Record<string, { value: AstNode[] }>;
  children?: AstNode[];
  [other: string]: unknown;
}

const formatters = createFormatters(createIntlCache());

/**
 * Parses an ICU message as the translator will (tags are text: `ignoreTag`); throws on bad syntax.
 * The locale matters to plural rules: `one`/`few`/`many` must be categories the language has.
 */
export function parseMessage(message: string, locale: string): AstNode[] {
  return formatters.getMessageFormat(message, locale, undefined, { ignoreTag: true }).getAst() as unknown as AstNode[];
}

/** Every placeholder a message uses (`{name}`, `{n, plural, …}`, `{at, time}`…), nested ones too. */
export function argumentsOf(nodes: readonly AstNode[], into = new Set<string>()): Set<string> {
  for (const node of nodes) {
    if (node.type !== AstType.literal && node.type !== AstType.pound && node.type !== AstType.tag && node.value) into.add(node.value);
    for (const option of Object.values(node.options ?? {})) argumentsOf(option.value, into);
    if (node.children) argumentsOf(node.children, into);
  }
  return into;
}
