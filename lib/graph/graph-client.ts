/**
 * The Graph port's adapter: an app-only token from `@azure/msal-node` (client credentials, cached
 * by msal until it nears expiry) and calls through `@microsoft/microsoft-graph-client`. Each call is
 * counted by outcome; a failure is thrown as a GraphCallError that says whether to retry and when.
 */
import { ConfidentialClientApplication, type Configuration } from "@azure/msal-node";
import { AuthenticationHandler, Client, GraphError, HTTPMessageHandler } from "@microsoft/microsoft-graph-client";
import type { GraphConfig } from "../config/graph-schema";
import type { GraphPresence } from "../domain/teams-presence";
import { classifyStatus, GraphCallError, retryAfterMs, type GraphFailure } from "./graph-failure";
import type { GraphMetrics, GraphOperation } from "./graph-metrics";
import type { GraphPort, GraphPresenceReading } from "./graph-port";

/** getPresencesByUserId takes at most 650 ids per call. */
export const PRESENCE_IDS_PER_CALL = 650;
/** NOTE: a Graph that accepts the connection and never answers must not hold a poll for ever. */
export const REQUEST_TIMEOUT_MS = 15_000;
/** Public clouds msal knows; any other authority host (a stand-in, a sovereign proxy) is listed as known. */
export const MICROSOFT_AUTHORITY_HOSTS = new Set(["login.microsoftonline.com", "login.microsoftonline.us", "login.chinacloudapi.cn"]);

export interface GraphClientDeps {
  metrics: GraphMetrics;
}

export function credential(config: GraphConfig): Pick<Configuration["auth"], "clientSecret" | "clientCertificate"> {
  if (config["client-secret"] !== undefined) return { clientSecret: config["client-secret"] };
  const { thumbprint, privateKey } = config.certificate!;
  return { clientCertificate: thumbprint.length === 64 ? { thumbprintSha256: thumbprint, privateKey } : { thumbprint, privateKey } };
}

export function createGraphClient(config: GraphConfig, deps: GraphClientDeps): GraphPort {
  const clientId = config["client-id"];
  const base = config["base-url"];
  const authorityHost = new URL(config.authority).host;
  const msal = new ConfidentialClientApplication({
    auth: {
      clientId,
      authority: `${config.authority}/${config.tenant}`,
      ...credential(config),
      ...(MICROSOFT_AUTHORITY_HOSTS.has(authorityHost) ? {} : { knownAuthorities: [authorityHost] }),
    },
  });
  // NOTE: the app's permissions on Graph are asked for as the resource's `.default` scope.
  const scopes = [`${new URL(base).origin}/.default`];
  const token = async () => {
    const result = await msal.acquireTokenByClientCredential({ scopes });
    if (!result?.accessToken) throw new Error("the token endpoint gave no access token");
    return result.accessToken;
  };
  // NOTE: no RetryHandler in the chain: the sync retries on its own schedule (backoff, Retry-After),
  // so a throttled call does not hold a poll while the library waits.
  const client = Client.initWithMiddleware({
    middleware: [new AuthenticationHandler({ getAccessToken: token }), new HTTPMessageHandler()],
    customHosts: new Set([new URL(base).hostname]),
  });

  async function call<T>(operation: GraphOperation, run: () => Promise<T>): Promise<T> {
    let failure: GraphFailure;
    try {
      await token();
    } catch (error) {
      deps.metrics.requests.inc({ operation, outcome: "token-failed" });
      throw new GraphCallError({ outcome: "token-failed" }, `no Graph token: ${(error as Error).message}`);
    }
    try {
      const result = await run();
      deps.metrics.requests.inc({ operation, outcome: "ok" });
      return result;
    } catch (error) {
      const status = error instanceof GraphError ? error.statusCode : undefined;
      const headers = error instanceof GraphError ? error.headers : undefined;
      failure = { outcome: classifyStatus(status), ...(status && status > 0 ? { status } : {}) };
      const wait = retryAfterMs(headers?.get("retry-after"), Date.now());
      if (wait !== undefined) failure.retryAfterMs = wait;
      deps.metrics.requests.inc({ operation, outcome: failure.outcome });
      throw new GraphCallError(failure, `Graph ${operation}: ${failure.outcome}${status && status > 0 ? ` (${status})` : ""}: ${(error as Error).message}`);
    }
  }

  const request = (path: string) => client.api(`${base}${path}`).options({ signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });

  return {
    userIdOf: (upn) =>
      call("user", async () => {
        const user = (await request(`/users/${encodeURIComponent(upn)}`).select("id").get()) as { id?: unknown };
        if (typeof user?.id !== "string") throw new Error("the user has no id");
        return user.id;
      }),
    async presences(ids) {
      const out: GraphPresenceReading[] = [];
      for (let i = 0; i < ids.length; i += PRESENCE_IDS_PER_CALL) {
        const chunk = ids.slice(i, i + PRESENCE_IDS_PER_CALL);
        const answer = await call("get-presences", () => request("/communications/getPresencesByUserId").post({ ids: chunk }) as Promise<{ value?: unknown }>);
        for (const p of Array.isArray(answer?.value) ? answer.value : []) {
          if (typeof p?.id === "string" && typeof p.availability === "string" && typeof p.activity === "string") {
            out.push({ id: p.id, availability: p.availability, activity: p.activity });
          }
        }
      }
      return out;
    },
    setPresence: (userId: string, presence: GraphPresence, expirationMinutes: number) =>
      call("set-presence", async () => {
        await request(`/users/${encodeURIComponent(userId)}/presence/setPresence`).post({
          sessionId: clientId,
          availability: presence.availability,
          activity: presence.activity,
          expirationDuration: `PT${expirationMinutes}M`,
        });
      }),
    sendActivityNotification: (userId, notification) =>
      call("activity-notification", async () => {
        await request(`/users/${encodeURIComponent(userId)}/teamwork/sendActivityNotification`).post(notification);
      }),
    clearPresence: (userId: string) =>
      call("clear-presence", async () => {
        await request(`/users/${encodeURIComponent(userId)}/presence/clearPresence`).post({ sessionId: clientId });
      }),
  };
}
