/**
 * The translators of the connector and of the pages' server side: every catalogue is here (the
 * browser gets only the one it shows: lib/i18n/client-catalogues.ts). Server-safe (no React).
 */
import { messagesFor } from "./catalogues";
import { DEFAULT_LOCALE, isLocale, PSEUDO_LOCALE } from "./locales";
import { pseudoMessages } from "./pseudo";
import { buildTranslator, type Translator } from "./translator-core";

export type { Formats, MessageValues, Translate, Translator } from "./translator-core";

const translators = new Map<string, Translator>();

function build(locale: string): Translator {
  const messages = locale === PSEUDO_LOCALE ? pseudoMessages(messagesFor(DEFAULT_LOCALE)) : messagesFor(isLocale(locale) ? locale : DEFAULT_LOCALE);
  return buildTranslator(locale, messages);
}

/** The translator for a locale (an unknown one gets English); made once per locale. */
export function createTranslator(locale: string): Translator {
  let translator = translators.get(locale);
  if (!translator) {
    translator = build(locale);
    translators.set(locale, translator);
  }
  return translator;
}
