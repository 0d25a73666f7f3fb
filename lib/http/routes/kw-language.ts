import { z } from "zod";
import { LOCALES } from "../../i18n/locales";
import { AppError } from "../../errors";
import { requireWorker } from "../auth";
import { readJson } from "../io";
import { parseWith, type Route } from "../router";
import { meView } from "../kw-reads";

const languageSchema = z
  .object({
    language: z.enum(LOCALES, { error: `must be one of ${LOCALES.join(", ")}, or null to follow the browser` }).nullable(),
  })
  .strict();

/**
 * PUT /api/kw/language {"language": "fr" | null}: the worker's own choice of UI language (B12),
 * kept by the connector so every device of the worker shows it; null goes back to the browser's.
 */
export const kwLanguageRoute: Route = {
  method: "PUT",
  path: "/api/kw/language",
  async handler(ctx) {
    const { workerId } = await requireWorker(ctx);
    const { language } = parseWith(languageSchema, await readJson(ctx.req));
    const worker = await ctx.deps.store.setLanguage(workerId, language);
    if (!worker) throw new AppError("unauthorized", "this worker is no longer configured; sign in again");
    // NOTE: the choice is answered only once it is on disk, like every other change.
    await ctx.deps.store.durable();
    return { status: 200, body: await meView(ctx.deps, worker) };
  },
};
