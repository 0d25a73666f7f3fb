/**
 * GET /extension?invitation=TOKEN: the link of an IM invitation (B7). A good token is used up,
 * signs its worker in (also in a browser with no session) and sends the browser on to
 * /extension, which shows the Preview. A forged, expired, used or other worker's token gets a
 * small page saying so. Without the `invitation` parameter, /extension is the Next.js page.
 */
import { z } from "zod";
import { sessionToken } from "../auth";
import type { Route } from "../router";
import { openSession, redirect } from "../session-start";
import { MAX_TOKEN_LENGTH } from "../../connector/invitations/invitation-token";
import { invitationRefusedPage } from "./invitation-page";

const tokenSchema = z.string().min(1).max(MAX_TOKEN_LENGTH);

export const openInvitationRoute: Route = {
  method: "GET",
  path: "/extension",
  query: "invitation",
  async handler(ctx) {
    const { deps, req, res } = ctx;
    const parsed = tokenSchema.safeParse(ctx.url.searchParams.get("invitation"));
    const signedIn = await deps.sessions.resolve(sessionToken(ctx));
    const outcome = parsed.success
      ? await deps.invitations.redeem(parsed.data, signedIn?.workerId, (claims) => deps.interactions.isOfferOpen(claims.worker, claims.interaction, claims.offer))
      : ({ ok: false, reason: "invalid" } as const);
    // NOTE: the token travels on in no Referer header: every answer says no-referrer (app.ts).
    if (!outcome.ok) {
      deps.logger.info({ reason: outcome.reason }, "invitation link refused");
      const page = invitationRefusedPage(outcome.reason, req.headers["accept-language"]);
      res.writeHead(page.status, {
        "cache-control": "no-store",
        "content-type": "text/html; charset=utf-8",
        "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      });
      res.end(page.html);
      return "handled";
    }
    // NOTE: a browser already signed in as this worker keeps its session; any other gets a new one.
    return redirect(ctx, "/extension", signedIn ? [] : [await openSession(ctx, outcome.worker, { how: "invitation" })]);
  },
};
