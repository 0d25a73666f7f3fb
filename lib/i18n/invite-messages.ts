/**
 * The IM invitation's text (B7) by language, for the connector's invitation sender. The
 * `microsoft-ocs.invite-message` option stays as the administrator configured it (blank included:
 * the deployment guide blanks it to avoid an extra IM window); only its default is translated.
 * Server-safe: plain data, no React.
 */
import { CATALOGUES } from "./catalogues";
import { en } from "./en";
import { DEFAULT_LOCALE, LOCALES, type Locale } from "./locales";
import { supportedLocale } from "./resolve-locale";

/** The option's default, in English (the deployment guide's text). */
export const DEFAULT_INVITE_MESSAGE: string = en["invite.message"];

/** The default invitation text in each language. */
export const INVITE_MESSAGES = Object.fromEntries(
  LOCALES.map((locale) => [locale, CATALOGUES[locale]["invite.message"] ?? DEFAULT_INVITE_MESSAGE]),
) as Record<Locale, string>;

/**
 * The text to send: the configured one when the administrator changed it, else the default in
 * the worker's language (their `language` choice; English when they made none).
 */
export function inviteMessage(configured: string | undefined, language: string | null | undefined): string {
  if (configured !== undefined && configured !== DEFAULT_INVITE_MESSAGE) return configured;
  return INVITE_MESSAGES[supportedLocale(language) ?? DEFAULT_LOCALE];
}
