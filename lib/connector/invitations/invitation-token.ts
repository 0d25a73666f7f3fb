/**
 * The invitation link's token (B7): signed (HMAC-SHA256 with the "invitation-links" key, lib/config/secrets.ts), bound
 * to one worker and one offer, expiring with the offer, and single-use (its id is kept once used,
 * lib/store/invitation-store.ts). Nothing in it is secret, but nothing in it can be changed.
 *
 *   v1.<base64url JSON {id, w, i, o, exp}>.<base64url HMAC of "v1.<payload>">
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";

const VERSION = "v1";
/** Longer tokens are refused before any work (a link is about 250 characters). */
export const MAX_TOKEN_LENGTH = 1_000;

export interface InvitationClaims {
  /** The token's own id: what "used" is kept under. */
  id: string;
  worker: string;
  interaction: string;
  offer: string;
  /** ISO time the token expires: the offer's deadline. */
  expiresAt: string;
}

const payloadSchema = z
  .object({
    id: z.string().min(8).max(64),
    w: z.string().min(1).max(64),
    i: z.string().min(1).max(128),
    o: z.string().min(1).max(128),
    exp: z.number().int().positive(),
  })
  .strict();

export type TokenCheck = { ok: true; claims: InvitationClaims } | { ok: false; reason: "invalid" | "expired" };

export class InvitationTokens {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error("the invitation key must be at least 32 bytes");
  }

  issue(claims: Omit<InvitationClaims, "id">): { token: string; id: string } {
    const id = randomBytes(12).toString("base64url");
    const payload = Buffer.from(
      JSON.stringify({ id, w: claims.worker, i: claims.interaction, o: claims.offer, exp: Date.parse(claims.expiresAt) }),
    ).toString("base64url");
    return { token: `${VERSION}.${payload}.${this.mac(payload)}`, id };
  }

  /** Checks the signature first (a forged token says nothing more), then the expiry. */
  verify(token: string, now: Date): TokenCheck {
    if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: "invalid" };
    const [version, payload, mac, ...rest] = token.split(".");
    if (version !== VERSION || !payload || !mac || rest.length) return { ok: false, reason: "invalid" };
    const expected = Buffer.from(this.mac(payload), "base64url");
    const given = Buffer.from(mac, "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "invalid" };
    let parsed: z.output<typeof payloadSchema>;
    try {
      parsed = payloadSchema.parse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
    } catch {
      return { ok: false, reason: "invalid" };
    }
    if (parsed.exp <= now.getTime()) return { ok: false, reason: "expired" };
    return {
      ok: true,
      claims: { id: parsed.id, worker: parsed.w, interaction: parsed.i, offer: parsed.o, expiresAt: new Date(parsed.exp).toISOString() },
    };
  }

  private mac(payload: string): string {
    return createHmac("sha256", this.key).update(`${VERSION}.${payload}`).digest("base64url");
  }
}
