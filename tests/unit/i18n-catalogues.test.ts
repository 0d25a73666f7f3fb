/**
 * B12: every language follows en.ts key for key, and every message is ICU that parses, uses the
 * placeholders the English one does, names only plural forms its language has, and formats.
 * New keys land in en.ts first (from any branch): the failure says which ones each language lacks.
 */
import { describe, expect, it } from "vitest";
import { CATALOGUES } from "../../lib/i18n/catalogues";
import { en } from "../../lib/i18n/en";
import { LOCALES } from "../../lib/i18n/locales";
import { argumentsOf, AstType, parseMessage, type AstNode } from "../../lib/i18n/message-ast";
import { createTranslator } from "../../lib/i18n/translator";

const TRANSLATED = LOCALES.filter((l) => l !== "en");

/** Messages that are the same in every language: a product name, a shortcut, a bare placeholder. */
const LANGUAGE_NEUTRAL = ["app.title", "preview.shortcut", "preview.failed", "interaction.sender.customer"];
/** Words a language writes as English does (checked, not forgotten). */
const SAME_AS_ENGLISH: Partial<Record<(typeof LOCALES)[number], string[]>> = {
  fr: ["interactions.heading", "interaction.message", "preview.media.chat", "chat.expert", "transfer.note", "wrapUp.note", "invitation.landing.left-minutes"],
  de: ["presence.offline", "interaction.sender.system"],
  it: ["presence.offline", "preview.media.chat"],
  es: ["preview.media.chat"],
};
const EN_KEYS = Object.keys(en);

/** Values to format a message with, typed by how en.ts uses each placeholder. */
function sampleValues(nodes: readonly AstNode[], into: Record<string, string | number | Date> = {}) {
  for (const node of nodes) {
    if (node.value && node.type !== AstType.literal) {
      if (node.type === AstType.plural || node.type === AstType.number) into[node.value] = 5;
      else if (node.type === AstType.date || node.type === AstType.time) into[node.value] = new Date("2026-03-01T14:05:00Z");
      else if (node.type === AstType.select) into[node.value] = "voice";
      else if (node.type === AstType.argument) into[node.value] = "Sample";
    }
    for (const option of Object.values(node.options ?? {})) sampleValues(option.value, into);
  }
  return into;
}

/** Plural branches that are not categories of the language (e.g. `few` in French). */
function foreignPluralForms(nodes: readonly AstNode[], locale: string, found: string[] = []): string[] {
  const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories as string[];
  for (const node of nodes) {
    if (node.type === AstType.plural) {
      for (const key of Object.keys(node.options ?? {})) if (!key.startsWith("=") && !categories.includes(key)) found.push(key);
    }
    for (const option of Object.values(node.options ?? {})) foreignPluralForms(option.value, locale, found);
  }
  return found;
}

/** How each placeholder is used: `count: plural`, `media: select(other,voice)`, `from: argument`. */
function usage(nodes: readonly AstNode[], into = new Map<string, string>()): Map<string, string> {
  const kinds: Record<number, string> = { [AstType.argument]: "argument", [AstType.number]: "number", [AstType.date]: "date", [AstType.time]: "time", [AstType.plural]: "plural" };
  for (const node of nodes) {
    if (node.type === AstType.select && node.value) into.set(node.value, `select(${Object.keys(node.options ?? {}).sort().join(",")})`);
    else if (node.value && kinds[node.type]) into.set(node.value, kinds[node.type]);
    for (const option of Object.values(node.options ?? {})) usage(option.value, into);
  }
  return into;
}

/**
 * Plural branches a language needs: every category some whole number falls into (Russian: one, few,
 * many), and `other`. A message that shows a number with fewer reads wrong for some counts.
 */
function missingPluralForms(nodes: readonly AstNode[], locale: string, found: string[] = []): string[] {
  const rules = new Intl.PluralRules(locale);
  const needed = new Set(["other", ...Array.from({ length: 201 }, (_, n) => rules.select(n))]);
  for (const node of nodes) {
    if (node.type === AstType.plural) for (const form of needed) if (!(form in (node.options ?? {}))) found.push(`${node.value}: ${form}`);
    for (const option of Object.values(node.options ?? {})) missingPluralForms(option.value, locale, found);
  }
  return found;
}

/** Text a translator or a tool left instead of a translation. */
const PLACEHOLDER_TEXT = /\b(TODO|FIXME|TBD|XXX|translate me|machine[- ]translat)/i;

describe.each(TRANSLATED)("the %s catalogue", (locale) => {
  const catalogue = CATALOGUES[locale];

  it("has every key of en.ts", () => {
    const missing = EN_KEYS.filter((key) => !(key in catalogue));
    expect(missing, `lib/i18n/${locale}.ts is missing ${missing.length} key(s) of en.ts: ${missing.join(", ")}`).toEqual([]);
  });

  it("has no key that en.ts does not have", () => {
    const extra = Object.keys(catalogue).filter((key) => !(key in en));
    expect(extra, `lib/i18n/${locale}.ts has ${extra.length} key(s) that en.ts does not: ${extra.join(", ")}`).toEqual([]);
  });

  it("uses each placeholder as en.ts does (a plural where a number shows, a select on the same codes), with every plural form the language has", () => {
    const problems: string[] = [];
    for (const key of EN_KEYS.filter((k) => k in catalogue)) {
      const mine = usage(parseMessage(catalogue[key], locale));
      for (const [name, kind] of usage(parseMessage(en[key as keyof typeof en], "en"))) {
        if (mine.get(name) !== kind) problems.push(`"${key}": {${name}} is ${mine.get(name) ?? "missing"} where en.ts has ${kind}`);
      }
      const missing = missingPluralForms(parseMessage(catalogue[key], locale), locale);
      if (missing.length) problems.push(`"${key}" lacks plural forms ${missing.join(", ")}`);
    }
    expect(problems, `lib/i18n/${locale}.ts:\n${problems.join("\n")}`).toEqual([]);
  });

  it("has no placeholder text and keeps the language's typography", () => {
    const problems: string[] = [];
    for (const [key, message] of Object.entries(catalogue)) {
      if (PLACEHOLDER_TEXT.test(message)) problems.push(`"${key}" holds placeholder text: ${message}`);
      // A straight apostrophe is ICU's quote character: the typographic one is what fr and it write.
      if ((locale === "fr" || locale === "it") && message.includes("'")) problems.push(`"${key}" has a straight apostrophe: ${message}`);
      // French sets : ; ? ! off with a narrow no-break space (U+202F).
      if (locale === "fr" && /(^|[^\u202f])[:;?!]/.test(message)) problems.push(`"${key}" lacks the narrow no-break space before : ; ? or !: ${message}`);
    }
    expect(problems, `lib/i18n/${locale}.ts:\n${problems.join("\n")}`).toEqual([]);
  });

  it("has no message left in English (the words these languages share with it aside)", () => {
    const allowed = new Set([...LANGUAGE_NEUTRAL, ...(SAME_AS_ENGLISH[locale] ?? [])]);
    const same = EN_KEYS.filter((key) => !allowed.has(key) && catalogue[key] === en[key as keyof typeof en]);
    expect(same, `lib/i18n/${locale}.ts repeats the English text of: ${same.join(", ")}`).toEqual([]);
  });
});

describe.each(LOCALES)("the %s messages", (locale) => {
  const catalogue = CATALOGUES[locale];
  const keys = EN_KEYS.filter((key) => key in catalogue);

  it("has only ICU messages that parse, with en.ts's placeholders and this language's plural forms", () => {
    const problems: string[] = [];
    for (const key of keys) {
      const message = catalogue[key];
      let nodes: AstNode[];
      try {
        nodes = parseMessage(message, locale);
      } catch (error) {
        problems.push(`"${key}" does not parse as ICU (${(error as Error).message}): ${message}`);
        continue;
      }
      const mine = [...argumentsOf(nodes)].sort().join(", ");
      const reference = [...argumentsOf(parseMessage(en[key as keyof typeof en], "en"))].sort().join(", ");
      if (mine !== reference) problems.push(`"${key}" uses placeholders {${mine}} where en.ts uses {${reference}}`);
      const foreign = foreignPluralForms(nodes, locale);
      if (foreign.length) problems.push(`"${key}" names plural forms ${locale} does not have: ${foreign.join(", ")}`);
    }
    expect(problems, `lib/i18n/${locale}.ts:\n${problems.join("\n")}`).toEqual([]);
  });

  it("formats every message with sample values, without an error", () => {
    const { t } = createTranslator(locale);
    const failures: string[] = [];
    const warn = console.warn;
    console.warn = (text: string) => failures.push(text);
    try {
      for (const key of EN_KEYS as (keyof typeof en)[]) {
        const out = t(key, sampleValues(parseMessage(en[key], "en")));
        if (/[{}]/.test(out)) failures.push(`${key}: ${out}`);
      }
    } finally {
      console.warn = warn;
    }
    expect(failures).toEqual([]);
  });
});
