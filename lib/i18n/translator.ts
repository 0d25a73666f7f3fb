/**
 * Formats UI text with formatjs (`@formatjs/intl`): ICU MessageFormat with CLDR plural rules (the
 * browser's and Node's `Intl`), dates, times, numbers and durations. Server-safe (no React): the
 * connector may use it for text it sends, the client wraps it in lib/i18n/index.tsx.
 */
import { createIntl, createIntlCache, type IntlShape } from "@formatjs/intl";
import { messagesFor } from "./catalogues";
import type { MessageKey } from "./en";
import { DEFAULT_LOCALE, isLocale, PSEUDO_LOCALE } from "./locales";
import { pseudoMessages } from "./pseudo";

export type MessageValues = Record<string, string | number | Date>;
export type Translate = (key: MessageKey, vars?: MessageValues) => string;

type Instant = Date | number | string;

export interface Formats {
  /** "14:05", "2:05 PM": the time of day. */
  time(value: Instant): string;
  /** "22/11/2026", "11/22/2026": the day. */
  date(value: Instant): string;
  /** A length of time in whole seconds, in words: "2 min 5 s", "2 мин 5 с". */
  duration(seconds: number): string;
  number(value: number): string;
}

export interface Translator {
  /** The locale formatted in (`<html lang>`): one of LOCALES, or the test-only pseudo-locale. */
  locale: string;
  t: Translate;
  format: Formats;
}

const cache = createIntlCache();
const translators = new Map<string, Translator>();

function reportError(error: Error): void {
  // A message that does not format shows its source text; say why where a developer looks.
  if (process.env.NODE_ENV !== "production") console.warn(`[i18n] ${error.message}`);
}

function build(locale: string): Translator {
  const messages = locale === PSEUDO_LOCALE ? pseudoMessages(messagesFor(DEFAULT_LOCALE)) : messagesFor(isLocale(locale) ? locale : DEFAULT_LOCALE);
  const intl: IntlShape = createIntl(
    { locale: isLocale(locale) || locale === PSEUDO_LOCALE ? locale : DEFAULT_LOCALE, defaultLocale: DEFAULT_LOCALE, messages: messages as Record<string, string>, onError: reportError },
    cache,
  );
  const t: Translate = (key, vars) => intl.formatMessage({ id: key }, vars, { ignoreTag: true }) as string;
  return { locale: intl.locale, t, format: formats(intl) };
}

function formats(intl: IntlShape): Formats {
  const unit = (value: number, name: "hour" | "minute" | "second") =>
    intl.formatNumber(value, { style: "unit", unit: name, unitDisplay: "short" });
  return {
    time: (value) => intl.formatTime(value, { hour: "numeric", minute: "2-digit" }),
    date: (value) => intl.formatDate(value, { dateStyle: "short" }),
    duration(seconds) {
      const whole = Math.max(0, Math.round(seconds));
      const parts = { hours: Math.floor(whole / 3600), minutes: Math.floor((whole % 3600) / 60), seconds: whole % 60 };
      // NOTE: Intl.DurationFormat is in today's browsers, not in Node 20: spell it out with units.
      if ("DurationFormat" in Intl) return intl.formatDuration(parts, { style: "short" });
      const pieces = [
        parts.hours ? unit(parts.hours, "hour") : "",
        parts.minutes ? unit(parts.minutes, "minute") : "",
        parts.seconds || whole === 0 ? unit(parts.seconds, "second") : "",
      ].filter(Boolean);
      return pieces.join(" ");
    },
    number: (value) => intl.formatNumber(value),
  };
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
