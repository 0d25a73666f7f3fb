/**
 * Presence change-notification subscriptions (`/subscriptions`), which Graph allows only with a
 * DELEGATED Presence.Read.All token (PLATFORM-NOTES: application permission is not supported for
 * presence subscriptions). The worker's Teams SSO token is exchanged on-behalf-of
 * (`@azure/msal-node` acquireTokenOnBehalfOf: msal caches the result per assertion until it
 * nears expiry), and the calls go through `@microsoft/microsoft-graph-client` with that token.
 */
import { ConfidentialClientApplication } from "@azure/msal-node";
import { AuthenticationHandler, AuthenticationHandlerOptions, Client, GraphError, HTTPMessageHandler } from "@microsoft/microsoft-graph-client";
import type { GraphConfig } from "../config/graph-schema";
import { credential, MICROSOFT_AUTHORITY_HOSTS, REQUEST_TIMEOUT_MS } from "./graph-client";
import { classifyStatus, GraphCallError, retryAfterMs } from "./graph-failure";
import type { GraphMetrics, GraphOperation } from "./graph-metrics";

export interface PresenceSubscription {
  id: string;
  /** When Graph ends it unless renewed (ms since the epoch), as Graph answered. */
  expiresAt: number;
}

export interface NewPresenceSubscription {
  /** The Graph user whose presence is watched. */
  userId: string;
  notificationUrl: string;
  clientState: string;
  expiresAt: Date;
}

/** What the subscription manager asks of Graph; `assertion` is the worker's Teams SSO token. */
export interface GraphSubscriptionPort {
  subscribe(assertion: string, subscription: NewPresenceSubscription): Promise<PresenceSubscription>;
  /** Throws GraphCallError with status 404 when Graph no longer knows it. */
  renew(assertion: string, id: string, expiresAt: Date): Promise<PresenceSubscription>;
  remove(assertion: string, id: string): Promise<void>;
}

interface SubscriptionJson {
  id?: unknown;
  expirationDateTime?: unknown;
}

function asSubscription(answer: SubscriptionJson, fallbackExpiry: Date): PresenceSubscription {
  if (typeof answer?.id !== "string") throw new Error("Graph's subscription has no id");
  const at = typeof answer.expirationDateTime === "string" ? Date.parse(answer.expirationDateTime) : NaN;
  return { id: answer.id, expiresAt: Number.isNaN(at) ? fallbackExpiry.getTime() : at };
}

export function createGraphSubscriptions(config: GraphConfig, deps: { metrics: GraphMetrics }): GraphSubscriptionPort {
  const base = config["base-url"];
  const authorityHost = new URL(config.authority).host;
  const msal = new ConfidentialClientApplication({
    auth: {
      clientId: config["client-id"],
      authority: `${config.authority}/${config.tenant}`,
      ...credential(config),
      ...(MICROSOFT_AUTHORITY_HOSTS.has(authorityHost) ? {} : { knownAuthorities: [authorityHost] }),
    },
  });
  // NOTE: the delegated permission itself, on Graph's resource (its origin): https://graph.microsoft.com/Presence.Read.All.
  const scopes = [`${new URL(base).origin}/Presence.Read.All`];
  const client = Client.initWithMiddleware({
    middleware: [new AuthenticationHandler({ getAccessToken: async () => "" }), new HTTPMessageHandler()],
    customHosts: new Set([new URL(base).hostname]),
  });

  async function call<T>(operation: GraphOperation, assertion: string, run: (request: (path: string) => ReturnType<Client["api"]>) => Promise<T>): Promise<T> {
    let token: string;
    try {
      const result = await msal.acquireTokenOnBehalfOf({ oboAssertion: assertion, scopes });
      if (!result?.accessToken) throw new Error("the token endpoint gave no access token");
      token = result.accessToken;
      deps.metrics.requests.inc({ operation: "obo-token", outcome: "ok" });
    } catch (error) {
      deps.metrics.requests.inc({ operation: "obo-token", outcome: "token-failed" });
      throw new GraphCallError({ outcome: "token-failed" }, `no delegated Graph token on behalf of the worker: ${(error as Error).message}`);
    }
    // NOTE: one client for every worker; each request carries its worker's token.
    const request = (path: string) =>
      client
        .api(`${base}${path}`)
        .middlewareOptions([new AuthenticationHandlerOptions({ getAccessToken: async () => token })])
        .options({ signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    try {
      const result = await run(request);
      deps.metrics.requests.inc({ operation, outcome: "ok" });
      return result;
    } catch (error) {
      const status = error instanceof GraphError ? error.statusCode : undefined;
      const outcome = classifyStatus(status);
      const wait = retryAfterMs(error instanceof GraphError ? error.headers?.get("retry-after") : undefined, Date.now());
      deps.metrics.requests.inc({ operation, outcome });
      throw new GraphCallError(
        { outcome, ...(status && status > 0 ? { status } : {}), ...(wait !== undefined ? { retryAfterMs: wait } : {}) },
        `Graph ${operation}: ${outcome}${status && status > 0 ? ` (${status})` : ""}: ${(error as Error).message}`,
      );
    }
  }

  return {
    subscribe: (assertion, s) =>
      call("subscribe", assertion, async (request) =>
        asSubscription(
          await request("/subscriptions").post({
            changeType: "updated",
            resource: `/communications/presences/${s.userId}`,
            notificationUrl: s.notificationUrl,
            clientState: s.clientState,
            expirationDateTime: s.expiresAt.toISOString(),
          }),
          s.expiresAt,
        ),
      ),
    renew: (assertion, id, expiresAt) =>
      call("renew-subscription", assertion, async (request) =>
        asSubscription(await request(`/subscriptions/${encodeURIComponent(id)}`).patch({ expirationDateTime: expiresAt.toISOString() }), expiresAt),
      ),
    remove: (assertion, id) =>
      call("delete-subscription", assertion, async (request) => {
        await request(`/subscriptions/${encodeURIComponent(id)}`).delete();
      }),
  };
}
