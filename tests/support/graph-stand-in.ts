/**
 * A Microsoft Graph stand-in for the tests (tests only; Graph is the one service the tests may not
 * run for real): HTTPS on loopback with the test CA, serving the tenant's OpenID configuration and
 * token endpoint (client credentials, on-behalf-of), `GET /users/{upn}`, `getPresencesByUserId`,
 * `setPresence`, `clearPresence`, `sendActivityNotification`, `/subscriptions` and change
 * notifications (./graph-stand-in-subscriptions.ts). Each request is checked against Graph's
 * documented shapes and answered like Graph when wrong. Switches make it throttle (429 +
 * Retry-After) or refuse connections; every request is recorded for assertions.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import https from "node:https";
import type { Duplex } from "node:stream";
import path from "node:path";
import type { TestCertificates } from "./certificates";
import { OFFER_ACTIVITY_TYPE } from "../../lib/im/teams/teams-app";
import { createStandInSubscriptions, type StandInSubscriptions } from "./graph-stand-in-subscriptions";
import { appCertificate, assertionProblem, durationMinutes, graphError, readBody } from "./graph-stand-in-shapes";

export { appCertificate };

export const STAND_IN_TENANT = "contoso.onmicrosoft.com";
export const STAND_IN_CLIENT_ID = "0b5e3b8a-58f3-4d3a-9c67-6a3f2b1c9d10";
export const STAND_IN_SECRET = "stand-in-client-secret";

/** The installed app's manifest declares these activity types (scripts/teams-package-manifest.ts); Graph refuses others. */
const DECLARED_ACTIVITY_TYPES = new Set([OFFER_ACTIVITY_TYPE]);
const ALLOWED_PAIRS = new Set(["Available/Available", "Busy/InACall", "Busy/InAConferenceCall", "Away/Away", "DoNotDisturb/Presenting"]);

export interface GraphPair {
  availability: string;
  activity: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  status: number;
  at: number;
}

export interface GraphStandIn {
  /** The `graph` configuration section that points the connector here. */
  config(extra?: Record<string, unknown>): Record<string, unknown>;
  /** Makes a user known (upn -> object id); its presence starts Offline/Offline (not signed in to Teams). */
  addUser(upn: string, id?: string): string;
  /** What the person chose in Teams (their preferred presence): it beats every session presence. */
  setPreferred(userId: string, pair: GraphPair | undefined): void;
  /** The presence Graph reports now (preferred, else the connector's session, else Offline). */
  presenceOf(userId: string): GraphPair;
  requests(): RecordedRequest[];
  /** sendActivityNotification answers 403 like Graph when the app is not installed for the user. */
  appInstalled(installed: boolean): void;
  /** Graph calls (not the token endpoint) answer 429 with this Retry-After (seconds) until cleared. */
  throttle(retryAfterSeconds: number | undefined): void;
  /** Change notifications: the OBO grant, /subscriptions, deliveries (./graph-stand-in-subscriptions.ts). */
  subscriptions: StandInSubscriptions;
  /** Stops accepting connections (down) or listens again on the same port (up). */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startGraphStandIn(certificates: TestCertificates): Promise<GraphStandIn> {
  const key = readFileSync(path.join(certificates.dir, "server.key"));
  const cert = readFileSync(path.join(certificates.dir, "server.pem"));
  const users = new Map<string, string>();
  const preferred = new Map<string, GraphPair>();
  const sessions = new Map<string, GraphPair>();
  const tokens = new Set<string>();
  const recorded: RecordedRequest[] = [];
  let retryAfter: number | undefined;
  let installed = true;
  const sockets = new Set<Duplex>();

  const appCert = appCertificate(certificates);
  const subs = createStandInSubscriptions({
    ca: readFileSync(certificates.caPem, "utf8"),
    clientId: STAND_IN_CLIENT_ID,
    secret: STAND_IN_SECRET,
    origin: () => `https://127.0.0.1:${port}`,
    users: () => users.values(),
    presenceOf: (id) => presenceOf(id),
  });
  const server = https.createServer({ key, cert }, async (req, res) => {
    const url = new URL(req.url ?? "/", "https://stand-in");
    const raw = await readBody(req);
    let body: unknown = raw;
    const record = (status: number, shown?: unknown) => {
      if (shown !== undefined) body = shown;
      recorded.push({ method: req.method ?? "", path: url.pathname, body, status, at: Date.now() });
    };
    const origin = `https://127.0.0.1:${port}`;
    const tenantPath = `/${STAND_IN_TENANT}`;

    if (req.method === "GET" && url.pathname === `${tenantPath}/v2.0/.well-known/openid-configuration`) {
      record(200);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({
        issuer: `${origin}${tenantPath}/v2.0`, token_endpoint: `${origin}${tenantPath}/oauth2/v2.0/token`,
        authorization_endpoint: `${origin}${tenantPath}/oauth2/v2.0/authorize`, end_session_endpoint: `${origin}${tenantPath}/oauth2/v2.0/logout`,
        jwks_uri: `${origin}${tenantPath}/discovery/v2.0/keys`, response_types_supported: ["code", "id_token", "token"],
        subject_types_supported: ["pairwise"], id_token_signing_alg_values_supported: ["RS256"],
      }));
      return;
    }
    if (url.pathname === `${tenantPath}/oauth2/v2.0/token`) {
      const form = new URLSearchParams(raw);
      body = Object.fromEntries([...form.entries()].map(([k, v]) => [k, k === "client_secret" ? "<secret>" : v]));
      if (form.has("client_assertion")) body = { ...(body as object), client_assertion: "<assertion>" };
      if (await subs.obo(form, res, record)) return;
      const problem =
        req.method !== "POST" ? "method" :
        !String(req.headers["content-type"]).startsWith("application/x-www-form-urlencoded") ? "content-type" :
        form.get("grant_type") !== "client_credentials" ? "grant_type" :
        form.get("client_id") !== STAND_IN_CLIENT_ID ? "client_id" :
        form.get("scope") !== `${origin}/.default` ? "scope" :
        form.has("client_secret") ? (form.get("client_secret") !== STAND_IN_SECRET ? "client_secret" : undefined) :
        await assertionProblem(appCert.pem, STAND_IN_CLIENT_ID, form, `${origin}${tenantPath}/oauth2/v2.0/token`);
      if (problem) {
        body = { ...(body as object), problem };
        record(400);
        res.writeHead(400, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: "invalid_request", error_description: `AADSTS900144: bad or missing ${problem}` }));
        return;
      }
      const token = `stand-in-${randomUUID()}`;
      tokens.add(token);
      record(200);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599, access_token: token }));
      return;
    }

    // Graph itself.
    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ""))?.[1];
    if (await subs.handle(req, url.pathname, raw, bearer, res, record)) return;
    if (!bearer || !tokens.has(bearer)) {
      record(401);
      return graphError(res, 401, "InvalidAuthenticationToken", "Access token is empty or not one this tenant issued.");
    }
    if (retryAfter !== undefined) {
      record(429);
      return graphError(res, 429, "TooManyRequests", "Too many requests.", { "retry-after": String(retryAfter) });
    }
    const json = () => {
      if (!String(req.headers["content-type"]).startsWith("application/json")) return undefined;
      try {
        return JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return undefined;
      }
    };
    const user = /^\/v1\.0\/users\/([^/]+)$/.exec(url.pathname);
    if (user && req.method === "GET") {
      const upn = decodeURIComponent(user[1]).toLowerCase();
      const id = users.get(upn);
      if (url.searchParams.get("$select") !== "id") {
        record(400);
        return graphError(res, 400, "BadRequest", "expected $select=id");
      }
      record(id ? 200 : 404);
      if (!id) return graphError(res, 404, "Request_ResourceNotFound", `Resource '${upn}' does not exist.`);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ "@odata.context": `${origin}/v1.0/$metadata#users(id)/$entity`, id }));
      return;
    }
    if (url.pathname === "/v1.0/communications/getPresencesByUserId" && req.method === "POST") {
      const parsed = json();
      body = parsed ?? raw;
      const ids = parsed?.ids;
      if (!Array.isArray(ids) || ids.length === 0 || ids.length > 650 || !ids.every((id) => typeof id === "string")) {
        record(400);
        return graphError(res, 400, "BadRequest", "ids must be a list of 1-650 user ids");
      }
      record(200);
      res.writeHead(200, { "content-type": "application/json" });
      const known = ids.filter((id) => [...users.values()].includes(id));
      res.end(JSON.stringify({ value: known.map((id) => ({ id, ...presenceOf(id) })) }));
      return;
    }
    const presenceCall = /^\/v1\.0\/users\/([^/]+)\/presence\/(setPresence|clearPresence)$/.exec(url.pathname);
    if (presenceCall && req.method === "POST") {
      const parsed = json();
      body = parsed ?? raw;
      const [, id, op] = presenceCall;
      const problem =
        !parsed ? "the body must be JSON (application/json)" :
        ![...users.values()].includes(id) ? "unknown user" :
        parsed.sessionId !== STAND_IN_CLIENT_ID ? "sessionId must be the application id" :
        op === "setPresence" && !ALLOWED_PAIRS.has(`${parsed.availability}/${parsed.activity}`) ? "availability/activity is not an allowed pair" :
        op === "setPresence" && !((durationMinutes(parsed.expirationDuration) ?? 0) >= 5 && (durationMinutes(parsed.expirationDuration) ?? 0) <= 240) ? "expirationDuration must be PT5M-PT4H" :
        undefined;
      if (problem) {
        record(400);
        return graphError(res, 400, "BadRequest", problem);
      }
      const was = presenceOf(id);
      if (op === "setPresence") sessions.set(id, { availability: String(parsed!.availability), activity: String(parsed!.activity) });
      else sessions.delete(id);
      if (JSON.stringify(was) !== JSON.stringify(presenceOf(id))) subs.changed(id);
      record(200);
      res.writeHead(200);
      res.end();
      return;
    }
    const activity = /^\/v1\.0\/users\/([^/]+)\/teamwork\/sendActivityNotification$/.exec(url.pathname);
    if (activity && req.method === "POST") {
      const parsed = json();
      body = parsed ?? raw;
      const topic = parsed?.topic as Record<string, unknown> | undefined;
      const preview = parsed?.previewText as Record<string, unknown> | undefined;
      const params = parsed?.templateParameters;
      const problem =
        !parsed ? "the body must be JSON (application/json)" :
        ![...users.values()].includes(activity[1]) ? "unknown user" :
        topic?.source !== "text" || typeof topic.value !== "string" || !topic.value ? "topic must be {source: text, value, webUrl}" :
        typeof topic.webUrl !== "string" || !topic.webUrl.startsWith("https://teams.microsoft.com/l/") ? "topic.webUrl must be a Teams deep link when source is text" :
        typeof parsed.activityType !== "string" || !parsed.activityType ? "activityType is required" :
        !DECLARED_ACTIVITY_TYPES.has(parsed.activityType) ? `activityType ${parsed.activityType} is not declared in the app's manifest` :
        typeof preview?.content !== "string" || preview.content.length > 150 ? "previewText.content is required (150 characters at most)" :
        !Array.isArray(params) || !params.every((p) => typeof p?.name === "string" && typeof p?.value === "string") ? "templateParameters must be [{name, value}]" :
        undefined;
      if (problem) {
        record(400);
        return graphError(res, 400, "BadRequest", problem);
      }
      if (!installed) {
        record(403);
        return graphError(res, 403, "Forbidden", "Required application is not installed for the user.");
      }
      record(204);
      res.writeHead(204);
      res.end();
      return;
    }
    record(400);
    graphError(res, 400, "BadRequest", `Unsupported request: ${req.method} ${url.pathname}`);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  function presenceOf(id: string): GraphPair {
    return preferred.get(id) ?? sessions.get(id) ?? { availability: "Offline", activity: "Offline" };
  }

  const listen = (at: number) => new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(at, "127.0.0.1", () => {
      server.off("error", reject);
      resolve((server.address() as import("node:net").AddressInfo).port);
    });
  });
  const stop = () => new Promise<void>((resolve) => {
    server.close(() => resolve());
    for (const socket of sockets) socket.destroy();
  });
  const port = await listen(0);
  const origin = `https://127.0.0.1:${port}`;

  return {
    config: (extra = {}) => ({
      tenant: STAND_IN_TENANT,
      "client-id": STAND_IN_CLIENT_ID,
      "client-secret": STAND_IN_SECRET,
      "base-url": `${origin}/v1.0`,
      authority: origin,
      ...extra,
    }),
    addUser(upn, id = randomUUID()) {
      users.set(upn.toLowerCase(), id);
      return id;
    },
    setPreferred(userId, pair) {
      const was = presenceOf(userId);
      if (pair) preferred.set(userId, pair);
      else preferred.delete(userId);
      if (JSON.stringify(was) !== JSON.stringify(presenceOf(userId))) subs.changed(userId);
    },
    subscriptions: subs,
    presenceOf,
    requests: () => [...recorded],
    appInstalled(value) {
      installed = value;
    },
    throttle(seconds) {
      retryAfter = seconds;
    },
    down: stop,
    up: async () => {
      await listen(port);
    },
    close: stop,
  };
}
