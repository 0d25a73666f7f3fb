/** The security headers: who may frame which page, the nonce, and what non-pages get. */
import { describe, expect, it } from "vitest";
import { NON_PAGE_CSP, newNonce, pageCsp, TEAMS_FRAME_ANCESTORS } from "../../lib/http/security-headers";

const directive = (policy: string, name: string) => policy.split("; ").find((d) => d.startsWith(`${name} `));

describe("page CSP", () => {
  it.each([
    ["/", "frame-ancestors 'self'"],
    ["/chat", "frame-ancestors 'self'"],
    ["/extension-not", "frame-ancestors 'self'"],
    ["/extension", `frame-ancestors 'self' ${TEAMS_FRAME_ANCESTORS.join(" ")}`],
    ["/extension/anything", `frame-ancestors 'self' ${TEAMS_FRAME_ANCESTORS.join(" ")}`],
  ])("%s may be framed by %s", (pathname, expected) => {
    expect(directive(pageCsp(pathname, "n0nce"), "frame-ancestors")).toBe(expected);
  });

  it("lists the Teams and Microsoft 365 hosts in one place, all https", () => {
    expect(TEAMS_FRAME_ANCESTORS).toContain("https://teams.microsoft.com");
    expect(TEAMS_FRAME_ANCESTORS).toContain("https://*.cloud.microsoft");
    for (const host of TEAMS_FRAME_ANCESTORS) expect(host).toMatch(/^https:\/\//);
  });

  it("runs scripts from this origin or with the nonce, and eval only in dev", () => {
    expect(directive(pageCsp("/", "abc"), "script-src")).toBe("script-src 'self' 'nonce-abc'");
    expect(directive(pageCsp("/", "abc", { dev: true }), "script-src")).toBe("script-src 'self' 'nonce-abc' 'unsafe-eval'");
    expect(pageCsp("/", "abc")).toContain("object-src 'none'");
  });

  it("lets only /extension reach teams-js's CDN", () => {
    expect(directive(pageCsp("/", "n"), "connect-src")).toBe("connect-src 'self'");
    expect(directive(pageCsp("/extension", "n"), "connect-src")).toBe("connect-src 'self' https://res.cdn.office.net");
  });

  it("makes a fresh nonce each time, in the form Next.js reads back", () => {
    const a = newNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(newNonce()).not.toBe(a);
  });

  it("lets nothing run in or frame a non-page response", () => {
    expect(NON_PAGE_CSP).toBe("default-src 'none'; frame-ancestors 'none'");
  });
});
