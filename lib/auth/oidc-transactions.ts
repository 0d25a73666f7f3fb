/**
 * Sign-ins under way: what the callback must check (state, nonce, the PKCE verifier) and where
 * to land, sealed into the browser's own short cookie (a JWE: dir + A256GCM, the
 * "oidc-transactions" key of lib/config/secrets.ts). The connector keeps nothing: a callback that
 * lands after a restart, or on another node with the same UCC_SECRET, opens it; a million
 * started sign-ins cost no memory and push no one else's out.
 *
 * NOTE: single use. The callback clears the cookie, and a copy replayed elsewhere comes with a
 * code the provider has already redeemed: the authorization code is single-use at the provider
 * (RFC 6749 §4.1.2; oidc-provider also revokes what it issued for it), and state, nonce and the
 * PKCE verifier in the cookie bind it to that one code, so no other code can be brought with it.
 */
import type { JWTPayload } from "jose";
import { z } from "zod";

export interface OidcTransaction {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The same-origin path to land on afterwards. */
  next: string;
  /**
   * Set for a sign-in in Teams' authentication window (GET /signin?teams=1): the tab's challenge
   * the handoff code is bound to (lib/auth/teams-handoff.ts); the window then lands on no `next`.
   */
  teamsChallenge?: string;
}

/** How long a person has to sign in at the identity provider. */
export const OIDC_TRANSACTION_TTL_MS = 10 * 60 * 1000;
/** Cookies longer than this are refused unread (a sealed transaction is about 500 characters). */
const MAX_SEALED_LENGTH = 2_048;
/** NOTE: names what the token is, so a JWE sealed with this key for another use is never taken for one. */
const TYPE = "ucc-oidc-transaction";

const sealedSchema = z.object({
  st: z.string().min(1).max(256),
  no: z.string().min(1).max(256),
  cv: z.string().min(43).max(128),
  nx: z.string().min(1).max(512),
  tc: z.string().regex(/^[A-Za-z0-9_-]{43}$/).optional(),
});

/** NOTE: loaded on first use, like openid-client: a connector without OpenID Connect does not pay for it. */
const loadJose = () => import("jose");

export class OidcTransactions {
  constructor(
    /** 32 bytes: the "oidc-transactions" key. */
    private readonly key: Buffer,
    private readonly now: () => number = Date.now,
  ) {
    if (key.length !== 32) throw new Error("the OpenID Connect transaction key must be 32 bytes (A256GCM)");
  }

  /** The transaction sealed for the cookie, expiring in OIDC_TRANSACTION_TTL_MS. */
  async seal(transaction: OidcTransaction): Promise<string> {
    const { EncryptJWT } = await loadJose();
    const nowSeconds = Math.floor(this.now() / 1000);
    return new EncryptJWT({ st: transaction.state, no: transaction.nonce, cv: transaction.codeVerifier, nx: transaction.next, ...(transaction.teamsChallenge ? { tc: transaction.teamsChallenge } : {}) })
      .setProtectedHeader({ alg: "dir", enc: "A256GCM", typ: TYPE })
      .setIssuedAt(nowSeconds)
      .setExpirationTime(nowSeconds + OIDC_TRANSACTION_TTL_MS / 1000)
      .encrypt(this.key);
  }

  /** The transaction in the cookie; undefined when there is none, it was changed or sealed with another key, or it expired. */
  async open(sealed: string | undefined): Promise<OidcTransaction | undefined> {
    if (!sealed || sealed.length > MAX_SEALED_LENGTH) return undefined;
    const { jwtDecrypt } = await loadJose();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtDecrypt(sealed, this.key, {
        keyManagementAlgorithms: ["dir"],
        contentEncryptionAlgorithms: ["A256GCM"],
        typ: TYPE,
        requiredClaims: ["exp", "iat"],
        currentDate: new Date(this.now()),
        maxTokenAge: OIDC_TRANSACTION_TTL_MS / 1000,
      }));
    } catch {
      return undefined;
    }
    const parsed = sealedSchema.safeParse(payload);
    if (!parsed.success) return undefined;
    return { state: parsed.data.st, nonce: parsed.data.no, codeVerifier: parsed.data.cv, next: parsed.data.nx, ...(parsed.data.tc ? { teamsChallenge: parsed.data.tc } : {}) };
  }
}
