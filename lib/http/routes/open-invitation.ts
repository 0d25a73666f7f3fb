/**
 * GET /extension?invitation=TOKEN: the link of an IM invitation (B7). A good token is used up,
 * signs its worker in (also in a browser with no session) and sends the browser on to
 * /extension, which shows the Preview. A forged, expired, used or other worker's token gets a
 * small page saying so. Without the `invitation` parameter, /extension is the Next.js page.
 */
import { z } from "zod";
import { sessionToken } from "../auth";
import type { Route } from "../router";
import { openSession } from "../session-start";
import { invitationRefusedPage } from "./invitation-page";

const tokenSchema = z.string().min(1).max(1_000);

export const openInvitationRoute: Route = {
  method: "GET",
  path: "/extension",
  query: "invitation",
  async handler(ctx) {
    const { deps, req, res } = ctx;
    const parsed = tokenSchema.safeParse(ctx.url.searchParams.get("invitation"));
    const signedIn = await deps.sessions.resolve(sessionToken(ctx));
    const outcome = parsed.success
      ? await deps.invitations.redeem(parsed.data, signedIn?.workerId, async (claims) =>
          (await deps.interactions.offersFor(claims.worker)).some((o) => o.id === claims.offer && o.interaction.id === claims.interaction),
        )
      : ({ ok: false, reason: "invalid" } as const);
    // NOTE: the token must not travel on in a Referer header, whatever the page links to.
    const headers = { "cache-control": "no-store", "referrer-policy": "no-referrer" };
    if (!outcome.ok) {
      deps.logger.info({ reason: outcome.reason }, "invitation link refused");
      const page = invitationRefusedPage(outcome.reason, req.headers["accept-language"]);
      res.writeHead(page.status, {
        ...headers,
        "content-type": "text/html; charset=utf-8",
        "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      });
      res.end(page.html);
      return "handled";
    }
    // NOTE: a browser already signed in as this worker keeps its session; any other gets a new one.
    const cookie = signedIn ? {} : { "set-cookie": await openSession(ctx, outcome.worker, { how: "invitation" }) };
    res.writeHead(303, { ...headers, location: "/extension", ...cookie });
    res.end();
    return "handled";
  },
};
