/**
 * An IM invitation's link (B7), /extension?invitation=TOKEN. Link scanners (Safe Links, chat
 * unfurlers, XMPP clients) fetch links before the person does, so:
 * - GET spends nothing and signs nobody in: it shows what the link is for and one button, Open.
 *   A browser with a full session for that worker goes straight to /extension.
 * - POST (the Open button's form, same origin only) uses the token once and signs the browser in
 *   with a session scoped to that offer and the interaction that follows (or adds them to the
 *   scoped session the browser has), then goes to /extension, which shows the Preview.
 * A forged, expired, used or other worker's token gets a small page saying so, either way.
 * Without the `invitation` parameter, /extension is the Next.js page.
 */
import { z } from "zod";
import type { WorkerPrincipal } from "../../bayeux/authorizer";
import type { InvitationClaims } from "../../connector/invitations/invitation-token";
import { MAX_TOKEN_LENGTH } from "../../connector/invitations/invitation-token";
import type { Redemption } from "../../connector/invitations/invitations";
import { AppError } from "../../errors";
import { reaches, sessionToken } from "../auth";
import type { Route, RouteContext } from "../router";
import { openSession, redirect } from "../session-start";
import { INVITATION_PAGE_CSP, invitationLandingPage, invitationRefusedPage } from "./invitation-page";

const tokenSchema = z.string().min(1).max(MAX_TOKEN_LENGTH);

function sendPage(ctx: RouteContext, status: number, html: string): "handled" {
  // NOTE: the token travels on in no Referer header: every answer says no-referrer (app.ts).
  ctx.res.writeHead(status, { "cache-control": "no-store", "content-type": "text/html; charset=utf-8", "content-security-policy": INVITATION_PAGE_CSP });
  ctx.res.end(html);
  return "handled";
}

/** The token, the browser's session, and what checking (or using) the token says. */
async function examine(ctx: RouteContext, use: boolean): Promise<{ signedIn?: WorkerPrincipal; outcome: Redemption }> {
  const { deps } = ctx;
  const parsed = tokenSchema.safeParse(ctx.url.searchParams.get("invitation"));
  const signedIn = await deps.sessions.resolve(sessionToken(ctx));
  if (!parsed.success) return { signedIn, outcome: { ok: false, reason: "invalid" } };
  const isOfferOpen = (claims: InvitationClaims) => deps.interactions.isOfferOpen(claims.worker, claims.interaction, claims.offer);
  const checked = await deps.invitations.check(parsed.data, signedIn?.workerId, isOfferOpen);
  if (!use || !checked.ok || goesStraight(signedIn, checked.claims)) return { signedIn, outcome: checked };
  return { signedIn, outcome: await deps.invitations.redeem(parsed.data, signedIn?.workerId, isOfferOpen) };
}

/**
 * NOTE: a browser signed in as that worker (fully, or already for this interaction) needs nothing
 * from the link: it goes to the Preview and the token is left unspent.
 */
const goesStraight = (signedIn: WorkerPrincipal | undefined, claims: InvitationClaims) =>
  signedIn !== undefined && signedIn.workerId === claims.worker && reaches(signedIn, claims.interaction);

function refused(ctx: RouteContext, reason: Exclude<Redemption, { ok: true }>["reason"]): "handled" {
  ctx.deps.logger.info({ reason }, "invitation link refused");
  const page = invitationRefusedPage(reason, ctx.req.headers["accept-language"]);
  return sendPage(ctx, page.status, page.html);
}

export const openInvitationRoute: Route = {
  method: "GET",
  path: "/extension",
  query: "invitation",
  async handler(ctx) {
    const { signedIn, outcome } = await examine(ctx, false);
    if (!outcome.ok) return refused(ctx, outcome.reason);
    const { claims } = outcome;
    if (goesStraight(signedIn, claims)) return redirect(ctx, "/extension");
    const i = await ctx.deps.interactions.get(claims.interaction);
    const offer = i.invite?.offer.id === claims.offer ? i.invite.offer : i.offer;
    const html = invitationLandingPage(
      {
        media: i.media,
        from: i.from,
        worker: ctx.deps.interactions.workerName(claims.worker) ?? claims.worker,
        deadline: offer?.deadline ?? claims.expiresAt,
        now: outcome.checkedAt,
      },
      ctx.req.headers["accept-language"],
    );
    return sendPage(ctx, 200, html);
  },
};

/**
 * POST /extension?invitation=TOKEN: the landing page's Open. The router refuses a foreign Origin
 * for every POST; a browser that says the request is cross-site (Sec-Fetch-Site) is refused too.
 */
export const redeemInvitationRoute: Route = {
  method: "POST",
  path: "/extension",
  query: "invitation",
  async handler(ctx) {
    const site = ctx.req.headers["sec-fetch-site"];
    if (site !== undefined && site !== "same-origin" && site !== "none") throw new AppError("forbidden", "requests from another site are refused");
    const { signedIn, outcome } = await examine(ctx, true);
    if (!outcome.ok) return refused(ctx, outcome.reason);
    const { claims } = outcome;
    if (goesStraight(signedIn, claims)) return redirect(ctx, "/extension");
    const scope = { offer: claims.offer, interaction: claims.interaction };
    // NOTE: a browser already in a scoped session of that worker (another link, another
    // interaction still under way) keeps it, and it reaches this one too: one cookie per browser.
    const token = sessionToken(ctx);
    if (signedIn?.scopes && token) {
      await ctx.deps.sessions.addScope(token, signedIn, scope);
      return redirect(ctx, "/extension");
    }
    const cookie = await openSession(ctx, claims.worker, { how: "invitation", scope });
    return redirect(ctx, "/extension", [cookie]);
  },
};
