"use client";
/**
 * The one i18n layer of the pages: every UI string is looked up by key with `useI18n().t(key, vars)`
 * (ICU messages, formatjs underneath: lib/i18n/translator-core.ts). English (en.ts) is the reference;
 * fr, de, it, es and ru follow it key for key (B12). Server code imports translator.ts,
 * invite-messages.ts or resolve-locale.ts directly, never this file. The browser holds only the
 * catalogue it shows (lib/i18n/client-catalogues.ts).
 */
import { createContext, useContext, useEffect, useRef, useState } from "react";
import { DEFAULT_LOCALE, PSEUDO_FLAG, PSEUDO_LOCALE } from "./locales";
import { resolveLocale } from "./resolve-locale";
import { keepMessages, loadedTranslator, loadTranslator } from "./client-catalogues";
import type { Messages } from "./en";
import { buildTranslator, type Translator } from "./translator-core";

export { DEFAULT_LOCALE, LANGUAGE_NAMES, LOCALES, isLocale, type Locale } from "./locales";
export { resolveLocale, supportedLocale } from "./resolve-locale";
export { errorReason } from "./error-reason";
export type { MessageKey } from "./en";
export type { Formats, MessageValues, Translate, Translator } from "./translator-core";

/** The first of the browser's languages the client speaks, else English. */
export function pickLocale(preferred: readonly string[]): string {
  return resolveLocale({ browserLanguages: preferred });
}

/** Outside any provider (never in the pages): message ids as they are. */
const FALLBACK: Translator = buildTranslator(DEFAULT_LOCALE, {});

/** The language the server chose for this response (lib/pages/request-locale.ts). */
const ServerLocaleContext = createContext<string>(DEFAULT_LOCALE);
/** The translator of the server's language (its messages came with the page). */
const I18nContext = createContext<Translator | undefined>(undefined);

/**
 * Hands the server's choice of language and its messages to the client, so its first render
 * agrees with the server's and no other catalogue is needed for it.
 */
export function ServerLocaleProvider({ locale, messages, children }: { locale: string; messages: Messages; children: React.ReactNode }) {
  // NOTE: kept while rendering (idempotent), so the providers below find it on their first render.
  keepMessages(locale, messages);
  return (
    <ServerLocaleContext.Provider value={locale}>
      <I18nContext.Provider value={loadedTranslator(locale)}>{children}</I18nContext.Provider>
    </ServerLocaleContext.Provider>
  );
}

/**
 * Provides `useI18n()` below it in `locale`, and makes `<html lang>` name the language shown. A
 * language whose catalogue is not here yet is loaded; the one shown until then stays.
 */
export function I18nProvider({ locale, children }: { locale: string; children: React.ReactNode }) {
  const outer = useContext(I18nContext);
  const [, setLoaded] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (loadedTranslator(locale)) return;
    let current = true;
    void loadTranslator(locale).then(() => current && setLoaded(locale));
    return () => {
      current = false;
    };
  }, [locale]);
  const value = loadedTranslator(locale) ?? outer ?? FALLBACK;
  useEffect(() => {
    document.documentElement.lang = value.locale;
  }, [value.locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** `{ locale, t, format }`: `t(key, vars)` for text, `format.time/date/duration/number` for values. */
export function useI18n(): Translator {
  return useContext(I18nContext) ?? FALLBACK;
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
