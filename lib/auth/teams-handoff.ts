/**
 * The hand-off of an organisation sign-in made in Teams' authentication window to the tab that
 * opened it (README "Inside Microsoft Teams"). The window is first-party, so the OpenID Connect
 * round trip and its transaction cookie work there; the tab's iframe keeps no cookie. The callback
 * in the window ends with a handoff code (a JWT, HS256 under the "teams-handoffs" key) that its
 * page passes to teams-js `authentication.notifySuccess`; the tab redeems it at
 * POST /signin/teams/handoff for a session it keeps in memory as its bearer.
 *
 * A code is useless to anyone else:
 * - it lives HANDOFF_TTL_MS and is spent by its first redemption that checks out;
 * - it names the worker and the person the provider said signed in, checked again on redemption;
 * - it is bound to the tab that asked: the tab sends SHA-256(verifier) as `challenge` when it opens
 *   the window, and only that verifier (never out of the tab's memory) redeems the code (as PKCE
 *   binds an authorization code). Someone who opens /signin?teams=1 themselves gets a code for
 *   themselves, which no other tab can redeem; a code that leaks (history, a log) is worthless.
 *
 * NOTE: spent codes are remembered by the node that redeems them (the owner serves the route), for
 * the code's 60 s; an owner takeover inside them forgets, which the verifier binding makes harmless.
 */
import { createHash, randomBytes } from "node:crypto";
import type { JWTPayload } from "jose";
import { z } from "zod";
import type { PersonIdentity } from "./person-identity";

/** How long the tab has to redeem a code after the window's callback made it. */
export const HANDOFF_TTL_MS = 60_000;
/** A code is about 400 characters; longer ones are refused unread. */
export const MAX_HANDOFF_LENGTH = 2_048;
/** NOTE: names what the token is, so a JWT signed with this key for another use is never taken for one. */
const TYPE = "ucc-teams-handoff";

/** The tab's challenge: base64url SHA-256 of its verifier (43 characters). */
export const challengeSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "challenge must be a base64url SHA-256");
/** The tab's verifier: 43 to 128 base64url characters, as PKCE's. */
export const verifierSchema = z.string().regex(/^[A-Za-z0-9_-]{43,128}$/, "verifier must be 43-128 base64url characters");

export const challengeOf = (verifier: string) => createHash("sha256").update(verifier).digest("base64url");

const payloadSchema = z.object({
  jti: z.string().min(16).max(64),
  exp: z.number(),
  w: z.string().min(1).max(64),
  pk: z.enum(["entra", "oidc"]),
  ps: z.string().min(1).max(1024),
  ch: challengeSchema,
});

export type HandoffRefusal = "invalid" | "spent" | "not-this-tab";
export type HandoffRedemption = { ok: true; workerId: string; person: PersonIdentity } | { ok: false; reason: HandoffRefusal };

/** NOTE: loaded on first use, like openid-client: a connector without OpenID Connect does not pay for it. */
const loadJose = () => import("jose");

export class TeamsHandoffs {
  /** jti -> when it expires (ms): codes spent here, kept until they would have expired anyway. */
  private readonly spent = new Map<string, number>();

  constructor(
    /** 32 bytes: the "teams-handoffs" key. */
    private readonly key: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  /** A code for this person as this worker, redeemable with the verifier whose challenge this is. */
  async issue(grant: { workerId: string; person: PersonIdentity; challenge: string }): Promise<string> {
    const { SignJWT } = await loadJose();
    const nowSeconds = Math.floor(this.now() / 1000);
    return new SignJWT({ w: grant.workerId, pk: grant.person.kind, ps: grant.person.subject, ch: grant.challenge })
      .setProtectedHeader({ alg: "HS256", typ: TYPE })
      .setJti(randomBytes(16).toString("base64url"))
      .setIssuedAt(nowSeconds)
      .setExpirationTime(nowSeconds + HANDOFF_TTL_MS / 1000)
      .sign(this.key);
  }

  /**
   * Spends the code. NOTE: spent by any redemption whose signature checks out, right or wrong
   * verifier: a code someone else holds is burnt by their first try, and the tab signs in again.
   */
  async redeem(code: string, verifier: string): Promise<HandoffRedemption> {
    if (code.length > MAX_HANDOFF_LENGTH) return { ok: false, reason: "invalid" };
    const { jwtVerify } = await loadJose();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(code, this.key, { algorithms: ["HS256"], typ: TYPE, requiredClaims: ["exp", "jti"], currentDate: new Date(this.now()) }));
    } catch {
      return { ok: false, reason: "invalid" };
    }
    const parsed = payloadSchema.safeParse(payload);
    if (!parsed.success) return { ok: false, reason: "invalid" };
    const nowMs = this.now();
    // NOTE: every code lives as long, so the Map's insertion order is that of expiry.
    for (const [jti, until] of this.spent) {
      if (until > nowMs) break;
      this.spent.delete(jti);
    }
    if (this.spent.has(parsed.data.jti)) return { ok: false, reason: "spent" };
    this.spent.set(parsed.data.jti, parsed.data.exp * 1000);
    if (challengeOf(verifier) !== parsed.data.ch) return { ok: false, reason: "not-this-tab" };
    return { ok: true, workerId: parsed.data.w, person: { kind: parsed.data.pk, subject: parsed.data.ps } };
  }
}
