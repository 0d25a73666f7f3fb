/**
 * Every language's messages, and the complete set a translator uses: a message a language lacks
 * (a key that arrived in en.ts from another branch, not yet translated) shows in English.
 */
import { de } from "./de";
import { en, type Catalogue, type MessageKey, type Messages } from "./en";
import { es } from "./es";
import { fr } from "./fr";
import { it } from "./it";
import type { Locale } from "./locales";
import { ru } from "./ru";

export const CATALOGUES: Record<Locale, Catalogue> = { en, fr, de, it, es, ru };

export const MESSAGE_KEYS = Object.keys(en) as MessageKey[];

export function messagesFor(locale: Locale): Messages {
  const catalogue = CATALOGUES[locale];
  const messages = {} as Messages;
  for (const key of MESSAGE_KEYS) messages[key] = catalogue[key] ?? en[key];
  return messages;
}
