/**
 * The security headers on every response the connector serves: a Content-Security-Policy (a
 * fresh script nonce per page), who may frame what, no MIME sniffing, no referrer.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { isTls } from "./io";

/** One year; browsers then refuse plain HTTP to this host (it is ignored for IP addresses). */
export const HSTS_HEADER_VALUE = "max-age=31536000";

/**
 * Strict-Transport-Security on every response to a request that came over HTTPS: to us, or to a
 * trusted proxy that says so (behind one that ends TLS, the connector itself speaks plain HTTP).
 */
export function applyTransportHeaders(req: IncomingMessage, res: ServerResponse): void {
  if (isTls(req)) res.setHeader("strict-transport-security", HSTS_HEADER_VALUE);
}

/**
 * The hosts that may frame `/extension`, the one page meant to live inside Microsoft Teams and
 * Microsoft 365 (a personal tab, a meeting side panel). Microsoft's "tab requirements" page lists
 * these as the frame ancestors of Teams, the Microsoft 365 app and Outlook, with `*.cloud.microsoft`
 * for the hosts moving there (teams.cloud.microsoft, m365.cloud.microsoft, outlook.cloud.microsoft).
 */
export const TEAMS_FRAME_ANCESTORS = [
  "https://teams.microsoft.com",
  "https://*.teams.microsoft.com",
  "https://*.cloud.microsoft",
  "https://*.microsoft365.com",
  "https://*.office.com",
  "https://outlook.office.com",
  "https://outlook.office365.com",
  "https://outlook-sdf.office.com",
  "https://outlook-sdf.office365.com",
] as const;

/** The one page that the Teams and Microsoft 365 hosts may frame. */
export const FRAMEABLE_PAGE = "/extension";

/**
 * teams-js fetches its list of valid host origins from this CDN when it loads (inside a host
 * only: the page imports it only when framed). Allowed on `/extension` alone, so that the fetch
 * is not a CSP violation; without a network it fails and teams-js keeps its built-in list.
 */
export const TEAMS_JS_CDN = "https://res.cdn.office.net";

/** A new script nonce: 128 random bits, base64 (what Next.js reads back from the request). */
export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

function isFrameable(pathname: string): boolean {
  return pathname === FRAMEABLE_PAGE || pathname.startsWith(`${FRAMEABLE_PAGE}/`);
}

/**
 * The policy of a page. Scripts only from this origin and only with the nonce when inline (Next
 * puts the nonce on its own inline scripts when the request carries this header); styles from
 * this origin, `<style>` only with the nonce, style attributes allowed (they cannot run script,
 * and React's server render writes a few); fetch, XHR and WebSocket to this origin only.
 * Workers from this origin or a blob (see below). `dev` adds what Next's dev server needs (eval for hot reload).
 */
export function pageCsp(pathname: string, nonce: string, options: { dev?: boolean } = {}): string {
  const frameable = isFrameable(pathname);
  const script = ["'self'", `'nonce-${nonce}'`, ...(options.dev ? ["'unsafe-eval'"] : [])];
  const connect = ["'self'", ...(frameable ? [TEAMS_JS_CDN] : [])];
  return [
    "default-src 'self'",
    `script-src ${script.join(" ")}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect.join(" ")}`,
    "media-src 'self'",
    // NOTE: the cometd client runs its timers in a Worker made from a blob, so that a hidden tab's
    // heartbeats are not throttled; blocking it leaves the client unable to connect.
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    `frame-ancestors ${frameable ? ["'self'", ...TEAMS_FRAME_ANCESTORS].join(" ") : "'self'"}`,
  ].join("; ");
}

/** The policy of everything that is not a page (JSON, /cometd, metrics): nothing runs, nothing frames it. */
export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'";

function setCommon(res: ServerResponse): void {
  res.setHeader("x-content-type-options", "nosniff");
  res.setHeader("referrer-policy", "no-referrer");
}

/** Headers of a response the connector writes itself (API, Bayeux, health, metrics). */
export function applyNonPageHeaders(res: ServerResponse): void {
  setCommon(res);
  res.setHeader("content-security-policy", NON_PAGE_CSP);
}

/**
 * Headers of a page handed to Next.js. The same policy is set on the request as well: Next.js
 * reads the nonce from the request's `content-security-policy` header and puts it on every
 * inline script it writes.
 */
export function applyPageHeaders(req: IncomingMessage, res: ServerResponse, options: { dev?: boolean } = {}): string {
  const pathname = (req.url ?? "/").split("?")[0];
  const policy = pageCsp(pathname, newNonce(), options);
  req.headers["content-security-policy"] = policy;
  setCommon(res);
  res.setHeader("content-security-policy", policy);
  return policy;
}
