/**
 * The languages the UI speaks (B12) and how each is named in its own language. Pure data: safe in
 * the browser, in the custom server and in tests.
 */
export const LOCALES = ["en", "fr", "de", "it", "es", "ru"] as const;
export type Locale = (typeof LOCALES)[number];

export const DEFAULT_LOCALE: Locale = "en";

/**
 * A pseudo-locale (every string about 40 % longer, accented, bracketed) to find text that is cut
 * off. Only tests turn it on (see `PSEUDO_FLAG`); it is never offered in the Language select.
 */
export const PSEUDO_LOCALE = "en-XA";

/** `window[PSEUDO_FLAG] = true`, set by a test's init script, makes every page pseudo-localised. */
export const PSEUDO_FLAG = "__uccPseudoLocale";

/** Each language in its own words, as the Language select lists it (the same in every UI language). */
export const LANGUAGE_NAMES: Record<Locale, string> = {
  en: "English",
  fr: "Français",
  de: "Deutsch",
  it: "Italiano",
  es: "Español",
  ru: "Русский",
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}
