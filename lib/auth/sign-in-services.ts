/**
 * Everything sign-in needs beyond the session store, built once per connector from its
 * configuration: the public URL, the OpenID Connect client, the Teams SSO token check, and the
 * one way to sign a worker out everywhere.
 */
import type { ConnectorConfig } from "../config/schema";
import type { SessionService } from "../connector/sessions";
import { OidcSignIn } from "./oidc-sign-in";
import type { TeamsBearer } from "./teams-bearer";
import { TeamsHandoffs } from "./teams-handoff";
import { createTeamsTokenVerifier, type TeamsTokenVerifier } from "./teams-token";

export const OIDC_CALLBACK_PATH = "/signin/callback";

export interface SignInServices {
  /** Where people and identity providers reach the connector (UCC_PUBLIC_URL), no trailing slash. */
  publicUrl(): string;
  /** Set when `"sign-in": "oidc"`. */
  oidc: OidcSignIn | undefined;
  /** Set when `"teams-sso"` is configured. */
  teams: TeamsTokenVerifier | undefined;
  /** The organisation sign-in's hand-off from Teams' authentication window to the tab; set with `oidc`. */
  handoffs: TeamsHandoffs | undefined;
  /** Teams tokens as a bearer inside Teams' iframe; set when `"teams-sso"` is configured. */
  bearer: TeamsBearer | undefined;
  /** Ends every session of the worker at once: the stored ones and the Bayeux sessions they opened. */
  signOutEverywhere(workerId: string): Promise<void>;
}

export function createSignInServices(options: {
  config: ConnectorConfig;
  publicUrl: () => string;
  /** Seals the OpenID Connect transactions in the browser's cookie (secrets' "oidc-transactions"). */
  oidcTransactionKey: Buffer;
  /** Signs the handoff codes of an organisation sign-in inside Teams (secrets' "teams-handoffs"). */
  teamsHandoffKey: Buffer;
  sessions: SessionService;
  /** Ends the worker's Bayeux sessions (BayeuxServer.dropWorker). */
  dropBayeuxSessions(workerId: string): void;
  teamsBearer?: TeamsBearer;
  /** What else ends with the worker's sessions (their Teams presence subscription). */
  afterSignOut?(workerId: string): Promise<void>;
}): SignInServices {
  const { config, publicUrl, sessions } = options;
  return {
    publicUrl,
    oidc: config["sign-in"] === "oidc" && config.oidc ? new OidcSignIn(config.oidc, () => `${publicUrl()}${OIDC_CALLBACK_PATH}`, options.oidcTransactionKey) : undefined,
    handoffs: config["sign-in"] === "oidc" && config.oidc ? new TeamsHandoffs(options.teamsHandoffKey) : undefined,
    teams: config["teams-sso"] ? createTeamsTokenVerifier(config["teams-sso"], publicUrl) : undefined,
    bearer: options.teamsBearer,
    async signOutEverywhere(workerId) {
      // NOTE: the stored sessions first: a window that reconnects meanwhile is refused.
      await sessions.signOutWorker(workerId);
      options.dropBayeuxSessions(workerId);
      await options.afterSignOut?.(workerId);
    },
  };
}
