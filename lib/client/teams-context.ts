/**
 * The host's answer to teams-js `app.getContext()`, checked before anything is believed: a host
 * answering nonsense leaves the page standalone. Loaded only with teams-session.ts.
 */
import { z } from "zod";
import { normaliseTheme, type TeamsInfo } from "./host-context";

const contextSchema = z.object({
  app: z.object({
    locale: z.string().min(2).max(35),
    theme: z.string().max(40).optional(),
    host: z.object({ name: z.string().min(1).max(80) }),
  }),
  page: z.object({ frameContext: z.string().min(1).max(40), subPageId: z.string().max(200).optional() }),
  user: z
    .object({
      id: z.string().max(200).optional(),
      userPrincipalName: z.string().max(320).optional(),
      loginHint: z.string().max(320).optional(),
      tenant: z.object({ id: z.string().max(200) }).optional(),
    })
    .optional(),
});

/**
 * The parts of a teams-js context the client uses, or undefined when the host's answer is not
 * shaped like Teams' (a host answering nonsense leaves the page standalone).
 */
export function parseTeamsContext(context: unknown): TeamsInfo | undefined {
  const parsed = contextSchema.safeParse(context);
  if (!parsed.success) return undefined;
  const { app, page, user } = parsed.data;
  return {
    theme: normaliseTheme(app.theme),
    locale: app.locale,
    user: { upn: user?.userPrincipalName ?? user?.loginHint, id: user?.id, tenant: user?.tenant?.id },
    frameContext: page.frameContext,
    hostName: app.host.name,
    // NOTE: Teams gives "" when the tab was opened without a deep link.
    ...(page.subPageId ? { subPageId: page.subPageId } : {}),
  };
}
