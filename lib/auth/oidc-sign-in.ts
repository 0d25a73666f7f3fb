/**
 * OpenID Connect sign-in with openid-client: the authorization code flow with PKCE, state and
 * nonce, the ID token's signature checked against the provider's keys. The provider's metadata
 * is discovered on first use (and again after a failure), so a provider that is down at start
 * does not stop the connector.
 */
import type * as OidcLib from "openid-client";
import type { ConnectorConfig } from "../config/schema";
import { OidcTransactions } from "./oidc-transactions";

type OidcOptions = NonNullable<ConnectorConfig["oidc"]>;

/** Why a callback was refused, as the page that explains it names it. */
export type OidcFailure = "expired" | "refused" | "invalid" | "unavailable";

export class OidcSignInError extends Error {
  constructor(
    readonly reason: OidcFailure,
    message: string,
  ) {
    super(message);
    this.name = "OidcSignInError";
  }
}

/** Seconds an exchange with the provider may take. */
const PROVIDER_TIMEOUT_SECONDS = 10;

/** NOTE: loaded on first use: a connector without OpenID Connect does not pay for it at start. */
const loadLib = () => import("openid-client");

/** Plain http is allowed only for a provider on this machine (tests, a local Keycloak). */
export function isLoopbackUrl(url: URL): boolean {
  return ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
}

/** Who signed in, by what the provider says and the person cannot choose (lib/auth/person-identity.ts). */
export interface OidcSubject {
  iss: string;
  sub: string;
  /** Entra ID's tenant and object ids, when the ID token carries both. */
  tid?: string;
  oid?: string;
}

export class OidcSignIn {
  readonly transactions: OidcTransactions;
  private discovered: Promise<OidcLib.Configuration> | undefined;

  constructor(
    private readonly options: OidcOptions,
    /** `<UCC_PUBLIC_URL>/signin/callback`, exactly as registered at the provider. */
    private readonly redirectUri: () => string,
    /** The "oidc-transactions" key (lib/config/secrets.ts). */
    transactionKey: Buffer,
  ) {
    this.transactions = new OidcTransactions(transactionKey);
  }

  /** The provider's authorization URL for a new sign-in, and the transaction sealed for the browser's cookie. */
  async begin(next: string, teamsChallenge?: string): Promise<{ url: string; sealed: string }> {
    const config = await this.configuration();
    const oidc = await loadLib();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri(),
      scope: this.options.scope.split(/\s+/).includes("openid") ? this.options.scope : `openid ${this.options.scope}`,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: "S256",
      state,
      nonce,
    });
    return { url: url.href, sealed: await this.transactions.seal({ state, nonce, codeVerifier, next, ...(teamsChallenge ? { teamsChallenge } : {}) }) };
  }

  /**
   * Completes the sign-in the provider sent back (`search` is the callback's query string): the
   * transaction opened from the browser's cookie, the code exchanged, state, nonce, PKCE and the
   * ID token checked. Resolves with who it is (iss+sub, Entra's tid+oid), the configured claim's
   * value and where to land.
   */
  async complete(sealed: string | undefined, search: string): Promise<{ subject: OidcSubject; name: unknown; next: string; teamsChallenge?: string }> {
    const transaction = await this.transactions.open(sealed);
    if (!transaction) throw new OidcSignInError("expired", "no sign-in under way in this browser (expired, used already, or started elsewhere)");
    const config = await this.configuration();
    const oidc = await loadLib();
    const callbackUrl = new URL(this.redirectUri());
    callbackUrl.search = search;
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: transaction.codeVerifier,
        expectedState: transaction.state,
        expectedNonce: transaction.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw classify(oidc, error);
    }
    const claims = tokens.claims();
    if (!claims) throw new OidcSignInError("invalid", "the provider sent no ID token");
    let name: unknown = claims[this.options.claim];
    // NOTE: providers that follow the spec closely put profile claims in UserInfo, not the ID token.
    if (name === undefined && tokens.access_token) {
      try {
        name = (await oidc.fetchUserInfo(config, tokens.access_token, claims.sub))[this.options.claim];
      } catch (error) {
        throw classify(oidc, error);
      }
    }
    const subject: OidcSubject = { iss: claims.iss, sub: claims.sub };
    // NOTE: Entra ID's sub differs per app registration; tid+oid name the person in the whole tenant.
    if (typeof claims.tid === "string" && typeof claims.oid === "string" && claims.tid && claims.oid) {
      subject.tid = claims.tid;
      subject.oid = claims.oid;
    }
    return { subject, name, next: transaction.next, ...(transaction.teamsChallenge ? { teamsChallenge: transaction.teamsChallenge } : {}) };
  }

  private configuration(): Promise<OidcLib.Configuration> {
    if (!this.discovered) {
      const issuer = new URL(this.options.issuer);
      this.discovered = loadLib()
        .then((oidc) =>
          oidc.discovery(issuer, this.options["client-id"], undefined, oidc.ClientSecretBasic(this.options["client-secret"]), {
            execute: [oidc.enableNonRepudiationChecks, ...(issuer.protocol === "http:" && isLoopbackUrl(issuer) ? [oidc.allowInsecureRequests] : [])],
            timeout: PROVIDER_TIMEOUT_SECONDS,
          }),
        )
        .catch((error: unknown) => {
          this.discovered = undefined;
          throw new OidcSignInError("unavailable", `the identity provider ${issuer.href} could not be reached or described itself wrongly: ${messageOf(error)}`);
        });
    }
    return this.discovered;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The provider said no (it sent an error), could not be reached, or its answer did not check out. */
function classify(oidc: typeof OidcLib, error: unknown): OidcSignInError {
  if (error instanceof OidcSignInError) return error;
  if (error instanceof oidc.AuthorizationResponseError) {
    return new OidcSignInError("refused", `the identity provider refused the sign-in: ${error.error}${error.error_description ? ` (${error.error_description})` : ""}`);
  }
  if (error instanceof TypeError || (error instanceof Error && error.name === "TimeoutError")) {
    return new OidcSignInError("unavailable", `the identity provider could not be reached: ${messageOf(error)}`);
  }
  return new OidcSignInError("invalid", `the identity provider's answer did not check out: ${messageOf(error)}`);
}
