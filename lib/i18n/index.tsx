"use client";
/**
 * The one i18n layer of the pages: every UI string is looked up by key with `useI18n().t(key, vars)`
 * (ICU messages, formatjs underneath: lib/i18n/translator.ts). English (en.ts) is the reference;
 * fr, de, it, es and ru follow it key for key (B12). Server code imports translator.ts,
 * invite-messages.ts or resolve-locale.ts directly, never this file.
 */
import { createContext, useContext, useEffect, useMemo, useRef, useState } from "react";
import { DEFAULT_LOCALE, PSEUDO_FLAG, PSEUDO_LOCALE } from "./locales";
import { resolveLocale } from "./resolve-locale";
import { createTranslator, type Translate, type Translator } from "./translator";

export { DEFAULT_LOCALE, LANGUAGE_NAMES, LOCALES, isLocale, type Locale } from "./locales";
export { resolveLocale, supportedLocale } from "./resolve-locale";
export { errorReason } from "./error-reason";
export type { MessageKey } from "./en";
export type { Formats, MessageValues, Translate, Translator } from "./translator";

/** The first of the browser's languages the client speaks, else English. */
export function pickLocale(preferred: readonly string[]): string {
  return resolveLocale({ browserLanguages: preferred });
}

/** A locale's `t` alone (kept for callers from before the ICU layer). */
export function translator(locale: string): Translate {
  return createTranslator(locale).t;
}

const I18nContext = createContext<Translator>(createTranslator(DEFAULT_LOCALE));
/** The language the server chose for this response (lib/pages/request-locale.ts). */
const ServerLocaleContext = createContext<string>(DEFAULT_LOCALE);

/** Hands the server's choice of language to the client, so its first render agrees with it. */
export function ServerLocaleProvider({ locale, children }: { locale: string; children: React.ReactNode }) {
  return <ServerLocaleContext.Provider value={locale}>{children}</ServerLocaleContext.Provider>;
}

/** Provides `useI18n()` below it, and makes `<html lang>` name the language shown. */
export function I18nProvider({ locale, children }: { locale: string; children: React.ReactNode }) {
  const value = useMemo(() => createTranslator(locale), [locale]);
  useEffect(() => {
    document.documentElement.lang = value.locale;
  }, [value.locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** `{ locale, t, format }`: `t(key, vars)` for text, `format.time/date/duration/number` for values. */
export function useI18n(): Translator {
  return useContext(I18nContext);
}

function pseudoOn(): boolean {
  return (window as unknown as Record<string, unknown>)[PSEUDO_FLAG] === true;
}

/**
 * The language to show (resolveLocale's order), read in the browser once mounted (the server
 * renders English). `choice` undefined means "not known yet": the last known choice stays, so a
 * response without the field does not flip the page back to the browser's language.
 */
export function useResolvedLocale({ choice, hostLocale }: { choice?: string | null; hostLocale?: string | null } = {}): string {
  const known = useRef<string | null | undefined>(undefined);
  if (choice !== undefined) known.current = choice;
  const serverLocale = useContext(ServerLocaleContext);
  const [browser, setBrowser] = useState<{ languages: readonly string[]; pseudo: boolean } | undefined>(undefined);
  useEffect(() => {
    setBrowser({ languages: navigator.languages?.length ? navigator.languages : [navigator.language], pseudo: pseudoOn() });
  }, []);
  // NOTE: the server's render and the first client render must agree (hydration): before the
  // browser's languages are known, a choice the worker made (the first paint knows it) decides,
  // else the language the server chose from the request's Accept-Language.
  if (!browser) return known.current ? resolveLocale({ choice: known.current, hostLocale: undefined, browserLanguages: [] }) : serverLocale;
  if (browser.pseudo) return PSEUDO_LOCALE;
  return resolveLocale({ choice: known.current, hostLocale, browserLanguages: browser.languages });
}

/** Sets the document's title (the tab's name) in the language shown. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    const apply = () => {
      // NOTE: a count of unread messages in front (lib/client/title-badge.ts) is kept.
      const wanted = (/^\(\d+\) /.exec(document.title)?.[0] ?? "") + title;
      if (document.title !== wanted) document.title = wanted;
    };
    apply();
    // NOTE: Next.js puts the page's static (English) metadata title back once its head hydrates,
    // after this effect has run; take the title again whenever the head changes.
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, [title]);
}
