/**
 * GET /signin/teams/consent[?tenant=<tid>&hint=<upn>]: the page Teams' authentication window
 * (teams-js `authentication.authenticate`) opens when `getAuthToken` says the person must consent
 * first. It sends that window, never the tab's iframe, to Entra ID's authorize endpoint with
 * `prompt=consent` for the connector's `access_as_user` scope; Entra comes back to
 * /signin/teams/consent-done, whose page tells Teams how it went and closes. The code Entra
 * returns is not redeemed: the consent is what was wanted; the tab then asks teams-js again.
 */
import { z } from "zod";
import { TEAMS_SCOPE, teamsAudiences } from "../../auth/teams-token";
import { AppError } from "../../errors";
import { parseWith, type Route } from "../router";

/** Where Entra ID's endpoints are (the v2.0 authorize endpoint is under `/<tenant>/oauth2/v2.0/`). */
export const ENTRA_AUTHORITY = "https://login.microsoftonline.com";
export const TEAMS_CONSENT_DONE_PATH = "/signin/teams/consent-done";

const consentQuery = z.object({ tenant: z.string().max(100).optional(), hint: z.string().max(320).optional() });

export const teamsConsentRoute: Route = {
  method: "GET",
  path: "/signin/teams/consent",
  async handler(ctx) {
    const teams = ctx.deps.config["teams-sso"];
    if (!teams) throw new AppError("forbidden", "Teams SSO is not configured on this connector");
    const { tenant, hint } = parseWith(consentQuery, Object.fromEntries(ctx.url.searchParams));
    // NOTE: only a tenant this connector serves: the window never goes to an authority a link names.
    const tenantId = teams.tenants.find((t) => t.toLowerCase() === tenant?.toLowerCase()) ?? teams.tenants[0];
    const publicUrl = ctx.deps.signIn.publicUrl();
    const authorize = new URL(`${ENTRA_AUTHORITY}/${encodeURIComponent(tenantId)}/oauth2/v2.0/authorize`);
    for (const [name, value] of Object.entries({
      client_id: teams["client-id"],
      response_type: "code",
      response_mode: "query",
      redirect_uri: `${publicUrl}${TEAMS_CONSENT_DONE_PATH}`,
      scope: `${teamsAudiences(teams["client-id"], publicUrl)[0]}/${TEAMS_SCOPE} openid profile`,
      prompt: "consent",
      ...(hint ? { login_hint: hint } : {}),
    })) {
      authorize.searchParams.set(name, value);
    }
    ctx.res.writeHead(303, { location: authorize.href, "cache-control": "no-store" });
    ctx.res.end();
    return "handled";
  },
};
