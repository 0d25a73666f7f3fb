/** The session cookie as each sign-in sets it. */
import { SESSION_COOKIE, SESSION_TTL_MS } from "../connector/sessions";

export interface SessionCookieOptions {
  /** Over HTTPS: the cookie is `Secure`. */
  secure: boolean;
  /**
   * For the page inside the Microsoft Teams iframe (a third-party context): over HTTPS the cookie
   * is `SameSite=None; Secure; Partitioned`, so the browser keeps it for that frame only, under
   * Teams' top-level site, and sends it nowhere else (README: "Teams tab SSO").
   */
  thirdParty?: boolean;
  maxAgeMs?: number;
}

export function sessionCookie(token: string, options: SessionCookieOptions): string {
  const framed = options.thirdParty && options.secure;
  return [
    `${SESSION_COOKIE}=${token}`,
    "Path=/",
    "HttpOnly",
    framed ? "SameSite=None" : "SameSite=Lax",
    `Max-Age=${Math.floor((options.maxAgeMs ?? SESSION_TTL_MS) / 1000)}`,
    ...(options.secure ? ["Secure"] : []),
    ...(framed ? ["Partitioned"] : []),
  ].join("; ");
}

/** A cookie that tells the browser to forget the session now. */
export function expiredSessionCookie(secure: boolean): string {
  return sessionCookie("", { secure, maxAgeMs: 0 });
}
