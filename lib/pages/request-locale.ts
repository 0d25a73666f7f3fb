/**
 * The language of this request's first response, for server components: the signed-in worker's
 * own choice, else the browser's `Accept-Language`, else English (resolveLocale's order; the Teams
 * host's locale is known only in the browser). The client starts from the same answer
 * (ServerLocaleProvider), so hydration agrees and nothing flashes in English.
 */
import { headers } from "next/headers";
import { acceptLanguages, resolveLocale } from "../i18n/resolve-locale";
import type { Locale } from "../i18n/locales";
import { readFirstPaint } from "./read-first-paint";

export async function requestLocale(): Promise<Locale> {
  const [first, h] = await Promise.all([readFirstPaint(), headers()]);
  const choice = first?.signedIn ? first.me.language : undefined;
  return resolveLocale({ choice, browserLanguages: acceptLanguages(h.get("accept-language")) });
}
