"use client";
import { useCallback } from "react";
import useSWR from "swr";
import { useI18n } from "../i18n";
import { api } from "./api";

/** A text in the UI's languages, keyed by locale; `en` is always there. */
export type LocalizedText = Record<string, string>;

/** GET /api/kw/texts: what the deployment wrote for its workers (responses, labels). */
export interface WorkspaceTexts {
  responses: { id: string; text: LocalizedText }[];
  dataLabels: Record<string, LocalizedText>;
  dispositions?: Record<string, LocalizedText>;
}

/** The text in `locale`, else English (the pseudo-locale en-XA falls back to en too). */
export function textIn(text: LocalizedText, locale: string): string {
  return text[locale] ?? text[locale.split("-")[0]] ?? text.en;
}

export const TEXTS_KEY = "/api/kw/texts";

/**
 * The deployment's texts in the language shown: canned responses, and labels for data keys and
 * disposition codes that fall back to the code itself. Fetched once per page (they change only
 * with the configuration, at a restart).
 */
export function useWorkspaceTexts() {
  const { locale } = useI18n();
  const { data } = useSWR(TEXTS_KEY, () => api.texts(), { revalidateOnFocus: false, revalidateOnReconnect: false });
  const dataLabel = useCallback((key: string) => (data?.dataLabels[key] ? textIn(data.dataLabels[key], locale) : key), [data, locale]);
  const dispositionLabel = useCallback((code: string) => (data?.dispositions?.[code] ? textIn(data.dispositions[code], locale) : code), [data, locale]);
  const responses = (data?.responses ?? []).map((r) => ({ id: r.id, text: textIn(r.text, locale) }));
  return { responses, dataLabel, dispositionLabel };
}
