/**
 * Sign-ins under way: what the callback must check (state, nonce, the PKCE verifier) and where
 * to land, kept on the connector under a random id that the browser holds in a short cookie.
 * Each is taken once: a replayed callback finds nothing.
 */
import { randomBytes } from "node:crypto";

export interface OidcTransaction {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The same-origin path to land on afterwards. */
  next: string;
  expiresAt: number;
}

/** How long a person has to sign in at the identity provider. */
export const OIDC_TRANSACTION_TTL_MS = 10 * 60 * 1000;
/** NOTE: anyone may start a sign-in; old ones are dropped first so memory stays bounded. */
const MAX_OPEN = 10_000;

export class OidcTransactions {
  private readonly open = new Map<string, OidcTransaction>();

  constructor(private readonly now: () => number = Date.now) {}

  put(transaction: Omit<OidcTransaction, "expiresAt">): string {
    this.sweep();
    if (this.open.size >= MAX_OPEN) this.open.delete(this.open.keys().next().value!);
    const id = randomBytes(24).toString("base64url");
    this.open.set(id, { ...transaction, expiresAt: this.now() + OIDC_TRANSACTION_TTL_MS });
    return id;
  }

  /** The transaction, removed; undefined when unknown, taken already or expired. */
  take(id: string | undefined): OidcTransaction | undefined {
    if (!id) return undefined;
    const found = this.open.get(id);
    this.open.delete(id);
    return found && found.expiresAt > this.now() ? found : undefined;
  }

  get size(): number {
    return this.open.size;
  }

  private sweep(): void {
    const now = this.now();
    // Insertion order is expiry order: stop at the first one still valid.
    for (const [id, t] of this.open) {
      if (t.expiresAt > now) break;
      this.open.delete(id);
    }
  }
}
