import { z } from "zod";
import { LOCALES } from "../i18n/locales";

/**
 * Texts a deployment writes for its workers in the UI's languages (B12): canned responses and the
 * labels of disposition codes and attached-data keys. English is required, as the fallback for a
 * language left out.
 */
const localized = (max: number) =>
  z
    .record(z.string(), z.string().trim().min(1, "must not be empty").max(max, `is at most ${max} characters`))
    .superRefine((texts, ctx) => {
      for (const key of Object.keys(texts)) {
        if (!(LOCALES as readonly string[]).includes(key)) ctx.addIssue({ code: "custom", path: [key], message: `is not a language; use ${LOCALES.join(", ")}` });
      }
      if (!texts.en) ctx.addIssue({ code: "custom", message: 'needs "en", the text shown when the worker\'s language is missing' });
    });

export type LocalizedText = Record<string, string>;

/** `responses`: canned responses, inserted with `/` in the message box. */
export const responsesSchema = z
  .array(
    z
      .object({
        id: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, "must be 1-64 of a-z, 0-9, '.', '_' or '-'"),
        text: localized(4000),
      })
      .strict(),
  )
  .max(200, "holds at most 200 responses")
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((r, i) => {
      if (seen.has(r.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: `"${r.id}" appears twice` });
      seen.add(r.id);
    });
  });

/** `data-labels`: attached-data keys shown by label, e.g. `{"origin": {"en": "Origin", "fr": "Origine"}}`. */
export const dataLabelsSchema = z.record(z.string().min(1).max(64), localized(64));


const dispositionCode = z.string().trim().min(1, "must not be empty").max(64, "is at most 64 characters");

/** One of `routing.dispositions`: a code alone, or a code with its label; always `{code, label?}` after. */
export const dispositionSchema = z
  .union([dispositionCode, z.object({ code: dispositionCode, label: localized(64) }).strict()])
  .transform((d): { code: string; label?: Record<string, string> } => (typeof d === "string" ? { code: d } : d));
