/** GET /api/kw/recent's query: since when (an ISO time with its offset), and how many at most. */
import { z } from "zod";
import { RECENT_MAX } from "../../connector/interactions/recent";

export const recentQuery = z
  .object({
    since: z.iso.datetime({ offset: true, error: "since must be an ISO 8601 date and time, e.g. 2026-03-01T00:00:00.000Z" }),
    limit: z.coerce
      .number({ error: "must be a whole number" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(RECENT_MAX, `must be at most ${RECENT_MAX}`)
      .optional(),
  })
  .strict();
