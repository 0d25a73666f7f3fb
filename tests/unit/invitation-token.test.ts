/** The invitation token (B7): signed, bound to worker and offer, expiring with the offer. */
import { describe, expect, it } from "vitest";
import { InvitationTokens } from "../../lib/connector/invitations/invitation-token";

const key = Buffer.alloc(32, 7);
const tokens = new InvitationTokens(key);
const now = new Date("2026-11-30T12:00:00.000Z");
const claims = { worker: "kw1", interaction: "i-1", offer: "o-1", expiresAt: "2026-11-30T12:00:20.000Z" };

describe("invitation tokens", () => {
  it("a token verifies to the claims it was issued with, and each token has its own id", () => {
    const a = tokens.issue(claims);
    const b = tokens.issue(claims);
    expect(a.id).not.toBe(b.id);
    expect(tokens.verify(a.token, now)).toEqual({ ok: true, claims: { ...claims, id: a.id } });
  });

  it("expires with the offer: valid a millisecond before the deadline, expired at it", () => {
    const { token } = tokens.issue(claims);
    expect(tokens.verify(token, new Date(Date.parse(claims.expiresAt) - 1)).ok).toBe(true);
    expect(tokens.verify(token, new Date(claims.expiresAt))).toEqual({ ok: false, reason: "expired" });
  });

  it.each([
    ["another key", (t: string) => new InvitationTokens(Buffer.alloc(32, 8)).verify(t, now)],
    ["a changed worker", (t: string) => tokens.verify(swapPayload(t, { w: "kw2" }), now)],
    ["a changed offer", (t: string) => tokens.verify(swapPayload(t, { o: "o-2" }), now)],
    ["a later expiry", (t: string) => tokens.verify(swapPayload(t, { exp: Date.parse(claims.expiresAt) + 60_000 }), now)],
    ["a truncated signature", (t: string) => tokens.verify(t.slice(0, -2), now)],
    ["another version", (t: string) => tokens.verify(t.replace(/^v1\./, "v2."), now)],
    ["an extra part", (t: string) => tokens.verify(`${t}.x`, now)],
    ["garbage", () => tokens.verify("not-a-token", now)],
    ["an enormous token", () => tokens.verify("v1." + "a".repeat(5000) + ".b", now)],
  ])("refuses a token with %s as invalid (forged), and says nothing more", (_, check) => {
    const { token } = tokens.issue(claims);
    expect(check(token)).toEqual({ ok: false, reason: "invalid" });
  });

  it("an expired forgery is still only invalid: the signature is checked first", () => {
    const { token } = tokens.issue(claims);
    expect(tokens.verify(swapPayload(token, { w: "kw2" }), new Date("2030-01-01T00:00:00Z"))).toEqual({ ok: false, reason: "invalid" });
  });
});

/** The token with its payload changed but its signature kept (a forgery). */
function swapPayload(token: string, change: Record<string, unknown>): string {
  const [v, payload, mac] = token.split(".");
  const next = { ...JSON.parse(Buffer.from(payload, "base64url").toString()), ...change };
  return `${v}.${Buffer.from(JSON.stringify(next)).toString("base64url")}.${mac}`;
}
