/**
 * The browser's catalogues: only the language shown is loaded. The server hands the messages of
 * the language it rendered to the page (ServerLocaleProvider), so the first paint and hydration
 * need no fetch; another language (the worker chose it, or Teams names it) is loaded on demand
 * as a chunk of its own, with English beside it for any key it lacks.
 */
import type { Catalogue, Messages } from "./en";
import { isLocale, PSEUDO_LOCALE, type Locale } from "./locales";
import { buildTranslator, type Translator } from "./translator-core";

const LOADERS: Record<Locale, () => Promise<Catalogue>> = {
  en: () => import("./en").then((m) => m.en),
  fr: () => import("./fr").then((m) => m.fr),
  de: () => import("./de").then((m) => m.de),
  it: () => import("./it").then((m) => m.it),
  es: () => import("./es").then((m) => m.es),
  ru: () => import("./ru").then((m) => m.ru),
};

const translators = new Map<string, Translator>();
const loading = new Map<string, Promise<Translator>>();

/** Keeps the complete messages of a locale the server rendered (idempotent: called while rendering). */
export function keepMessages(locale: string, messages: Messages): void {
  if (!translators.has(locale)) translators.set(locale, buildTranslator(locale, messages));
}

/** The translator of `locale` when its messages are here; undefined until loadTranslator resolves. */
export function loadedTranslator(locale: string): Translator | undefined {
  return translators.get(locale);
}

/** Loads a locale's catalogue (English for the pseudo-locale, which a test turns on) and makes its translator. */
export function loadTranslator(locale: string): Promise<Translator> {
  const ready = translators.get(locale);
  if (ready) return Promise.resolve(ready);
  let pending = loading.get(locale);
  if (!pending) {
    pending = (async () => {
      const english = await LOADERS.en();
      let messages: Record<string, unknown>;
      if (locale === PSEUDO_LOCALE) {
        const { pseudoMessages } = await import("./pseudo");
        messages = pseudoMessages(english as Messages);
      } else {
        const catalogue = isLocale(locale) ? await LOADERS[locale]() : english;
        // NOTE: a key this language lacks (from another branch, not yet translated) shows in English.
        messages = { ...english, ...catalogue };
      }
      const translator = buildTranslator(isLocale(locale) || locale === PSEUDO_LOCALE ? locale : "en", messages as Messages);
      translators.set(locale, translator);
      loading.delete(locale);
      return translator;
    })();
    loading.set(locale, pending);
  }
  return pending;
}
