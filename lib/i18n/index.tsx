"use client";
/**
 * The one i18n layer: every UI string is looked up here by key. English is complete; a language
 * is added as one more dictionary with the same keys (B12: fr, de, it, es, ru).
 */
import { createContext, useContext, useMemo } from "react";
import { en, type MessageKey, type Messages } from "./en";

export const DICTIONARIES: Record<string, Messages> = { en };
export const DEFAULT_LOCALE = "en";

/** The first of the browser's languages the client speaks, else English. */
export function pickLocale(preferred: readonly string[]): string {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split("-")[0];
    if (base in DICTIONARIES) return base;
  }
  return DEFAULT_LOCALE;
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(locale: string): Translate {
  const dict = DICTIONARIES[locale] ?? en;
  return (key, vars) => {
    const text = dict[key] ?? en[key];
    return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
  };
}

const I18nContext = createContext<{ locale: string; t: Translate }>({ locale: DEFAULT_LOCALE, t: translator(DEFAULT_LOCALE) });

export function I18nProvider({ locale, children }: { locale: string; children: React.ReactNode }) {
  const value = useMemo(() => ({ locale, t: translator(locale) }), [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n() {
  return useContext(I18nContext);
}
