import { DEFAULT_LOCALE, isLocale, type Locale } from "./locales";

/** The language a BCP 47 tag asks for, when the UI speaks it ("fr-CH" -> "fr", "pt-BR" -> none). */
export function supportedLocale(tag: string | null | undefined): Locale | undefined {
  const base = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return isLocale(base) ? base : undefined;
}

export interface LocaleInputs {
  /** The worker's own choice, kept by the connector (`language` of GET /api/kw/me); null: none. */
  choice?: string | null;
  /** The host's locale: the Teams context's `app.locale` when the client runs inside Teams. */
  hostLocale?: string | null;
  /** The browser's languages, most preferred first (`navigator.languages`). */
  browserLanguages?: readonly string[];
}

/**
 * Which language to show, in this order: the worker's own choice, the Teams host's locale, the
 * first of the browser's languages the UI speaks, else English. Pure, so each rule is testable.
 */
export function resolveLocale({ choice, hostLocale, browserLanguages = [] }: LocaleInputs): Locale {
  for (const tag of [choice, hostLocale, ...browserLanguages]) {
    const locale = supportedLocale(tag);
    if (locale) return locale;
  }
  return DEFAULT_LOCALE;
}

/**
 * The languages of an `Accept-Language` header, most preferred first (by `q`, then by order);
 * `*` and languages refused with `q=0` are left out. The server decides the first response's
 * language with it, so the page does not flash English before the browser takes over.
 */
export function acceptLanguages(header: string | null | undefined): string[] {
  if (!header || header.length > 1024) return [];
  return header
    .split(",")
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q\s*=\s*(.*?)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter(({ tag, q }) => tag && tag !== "*" && Number.isFinite(q) && q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map(({ tag }) => tag);
}
