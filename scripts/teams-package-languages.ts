/**
 * The Teams app's texts in the six languages of the UI (B12): the manifest's own strings in
 * English, and one language file per other language (`localizationInfo.additionalLanguages`),
 * all taken from the i18n catalogues so the app's name in Teams says what the web client says.
 */
import { messagesFor } from "../lib/i18n/catalogues";
import { LOCALES, type Locale } from "../lib/i18n/locales";

/** The manifest fields a language file may translate (Microsoft's localization schema names). */
export interface AppTexts {
  "name.short": string;
  "name.full": string;
  "description.short": string;
  "description.full": string;
  "staticTabs[0].name": string;
  "activities.activityTypes[0].description": string;
  "activities.activityTypes[0].templateText": string;
}

export const DEFAULT_LANGUAGE: Locale = "en";

export function appTexts(locale: Locale): AppTexts {
  const m = messagesFor(locale);
  return {
    "name.short": m["app.title"],
    "name.full": m["teams.app.full-name"],
    "description.short": m["teams.app.short-description"],
    "description.full": m["teams.app.full-description"],
    "staticTabs[0].name": m["interactions.heading"],
    "activities.activityTypes[0].description": m["teams.app.activity.description"],
    // NOTE: {actor} is Teams' own placeholder (who sent the alert), written as ICU writes one.
    "activities.activityTypes[0].templateText": m["teams.app.activity.offer"],
  };
}

/** The other languages' files: name in the package, and content. */
export function languageFiles(schemaUrl: string): Array<{ languageTag: Locale; file: string; content: Record<string, string> }> {
  return LOCALES.filter((l) => l !== DEFAULT_LANGUAGE).map((languageTag) => ({
    languageTag,
    file: `${languageTag}.json`,
    content: { $schema: schemaUrl, ...appTexts(languageTag) },
  }));
}
