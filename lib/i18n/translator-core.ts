/**
 * Formats UI text with formatjs (`@formatjs/intl`): ICU MessageFormat with CLDR plural rules (the
 * browser's and Node's `Intl`), dates, times, numbers and durations, from the messages it is
 * given. It imports no catalogue: the server takes them all (translator.ts), the browser only the
 * one it shows (client-catalogues.ts).
 */
import { createIntl, createIntlCache, type IntlShape } from "@formatjs/intl";
import type { MessageKey, Messages } from "./en";
import { DEFAULT_LOCALE, isLocale, PSEUDO_LOCALE } from "./locales";

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

function reportError(error: Error): void {
  // A message that does not format shows its source text; say why where a developer looks.
  if (process.env.NODE_ENV !== "production") console.warn(`[i18n] ${error.message}`);
}

/** A translator for `locale` with these messages (complete: every key of en.ts, or the pseudo-locale's ASTs). */
export function buildTranslator(locale: string, messages: Messages | Record<string, unknown>): Translator {
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

