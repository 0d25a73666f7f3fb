/**
 * The Graph stand-in's change notifications (tests only), as Microsoft documents them: the
 * on-behalf-of token grant (grant_type jwt-bearer, requested_token_use on_behalf_of, the Teams
 * token as assertion, the app's client credentials), `POST/PATCH/DELETE /subscriptions` for
 * presence with Graph's checks (a delegated token, changeType, resource, https notificationUrl,
 * clientState, expirationDateTime at most 60 minutes ahead), the validation handshake before a
 * subscription is made (refused like Graph when the token is not echoed), and real notifications
 * over https to the notificationUrl when a watched presence changes.
 */
import { randomUUID } from "node:crypto";
import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import { graphError } from "./graph-stand-in-shapes";

/** Graph keeps a presence subscription at most an hour. */
const MAX_PRESENCE_LIFETIME_MS = 60 * 60_000;
/** Graph gives the notification URL 10 s to echo the validation token. */
const VALIDATION_TIMEOUT_MS = 10_000;

export interface StandInSubscription {
  id: string;
  userId: string;
  resource: string;
  notificationUrl: string;
  clientState: string;
  expiresAt: number;
  /** The delegated user (oid) whose token made it. */
  by: string;
}

export interface Delivery {
  subscriptionId: string;
  status: number;
  at: number;
  body: unknown;
}

interface Pair {
  availability: string;
  activity: string;
}

export interface SubscriptionDeps {
  ca: string;
  clientId: string;
  secret: string;
  origin(): string;
  users(): Iterable<string>;
  presenceOf(userId: string): Pair;
}

/** Records the request with this status (and what to show of its body). */
export type Record_ = (status: number, body?: unknown) => void;

function post(url: string, ca: string, body: string, contentType: string): Promise<{ status: number; type: string; text: string }> {
  return new Promise((resolve) => {
    const req = https.request(url, { method: "POST", ca, headers: { "content-type": contentType, "content-length": Buffer.byteLength(body) }, timeout: VALIDATION_TIMEOUT_MS }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"] ?? ""), text }));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", () => resolve({ status: 0, type: "", text: "" }));
    req.end(body);
  });
}

export function createStandInSubscriptions(deps: SubscriptionDeps) {
  const delegated = new Map<string, string>();
  const subscriptions = new Map<string, StandInSubscription>();
  const deliveries: Delivery[] = [];
  let lifetimeMs = MAX_PRESENCE_LIFETIME_MS;
  let withData = true;
  let checkAssertion: (assertion: string) => Promise<string | undefined> = async () => undefined;
  const live = (s: StandInSubscription | undefined) => (s && s.expiresAt > Date.now() ? s : undefined);
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const view = (s: StandInSubscription) => ({
    "@odata.context": `${deps.origin()}/v1.0/$metadata#subscriptions/$entity`,
    id: s.id,
    resource: s.resource,
    changeType: "updated",
    clientState: s.clientState,
    notificationUrl: s.notificationUrl,
    expirationDateTime: new Date(s.expiresAt).toISOString(),
    applicationId: deps.clientId,
    creatorId: s.by,
  });

  async function notify(s: StandInSubscription, clientState = s.clientState, presence = deps.presenceOf(s.userId)) {
    const body = {
      value: [{
        subscriptionId: s.id,
        clientState,
        changeType: "updated",
        resource: `communications/presences('${s.userId}')`,
        subscriptionExpirationDateTime: new Date(s.expiresAt).toISOString(),
        tenantId: "11111111-2222-3333-4444-555555555555",
        resourceData: { "@odata.type": "#Microsoft.Graph.presence", "@odata.id": `communications/presences('${s.userId}')`, id: null, ...(withData ? presence : {}) },
      }],
    };
    const answer = await post(s.notificationUrl, deps.ca, JSON.stringify(body), "application/json; charset=utf-8");
    const delivery = { subscriptionId: s.id, status: answer.status, at: Date.now(), body };
    deliveries.push(delivery);
    return delivery;
  }

  return {
    /** The on-behalf-of grant; false when the form is not one (the client-credentials path goes on). */
    async obo(form: URLSearchParams, res: ServerResponse, record: Record_): Promise<boolean> {
      if (form.get("grant_type") !== "urn:ietf:params:oauth:grant-type:jwt-bearer") return false;
      const scopes = (form.get("scope") ?? "").split(" ");
      const oid = await checkAssertion(form.get("assertion") ?? "");
      const problem =
        form.get("requested_token_use") !== "on_behalf_of" ? "requested_token_use" :
        form.get("client_id") !== deps.clientId ? "client_id" :
        form.get("client_secret") !== deps.secret ? "client_secret" :
        !scopes.includes(`${deps.origin()}/Presence.Read.All`) ? "scope" :
        !oid ? "assertion" : undefined;
      if (problem) {
        record(400, { grant_type: "obo", problem });
        json(res, 400, { error: "invalid_grant", error_description: `AADSTS50013: bad or missing ${problem}` });
        return true;
      }
      const token = `delegated-${randomUUID()}`;
      delegated.set(token, oid!);
      record(200, { grant_type: "obo", requested_token_use: "on_behalf_of", oid });
      json(res, 200, { token_type: "Bearer", scope: `${deps.origin()}/Presence.Read.All`, expires_in: 3599, ext_expires_in: 3599, access_token: token });
      return true;
    },
    /** `/v1.0/subscriptions[/{id}]`; false when the path is not one. */
    async handle(req: IncomingMessage, path: string, raw: string, bearer: string | undefined, res: ServerResponse, record: Record_): Promise<boolean> {
      const match = /^\/v1\.0\/subscriptions(?:\/([^/]+))?$/.exec(path);
      if (!match) return false;
      const by = bearer ? delegated.get(bearer) : undefined;
      let body: Record<string, unknown> | undefined;
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
      } catch {
        body = undefined;
      }
      if (!by) {
        record(403, body);
        graphError(res, 403, "ExtensionError", "Operation: Create; Exception: [Status Code: Forbidden; Reason: presence subscriptions need a delegated token (application permission is not supported)]");
        return true;
      }
      const expiry = Date.parse(String(body?.expirationDateTime));
      const id = match[1] && decodeURIComponent(match[1]);
      if (req.method === "POST" && !id) {
        const user = /^\/communications\/presences\/([^/]+)$/.exec(String(body?.resource))?.[1];
        const url = typeof body?.notificationUrl === "string" ? body.notificationUrl : "";
        const problem =
          !String(req.headers["content-type"]).startsWith("application/json") ? "the body must be JSON" :
          body?.changeType !== "updated" ? "changeType must be updated for presence" :
          !user || ![...deps.users()].includes(user) ? "resource must be /communications/presences/{id} of a user" :
          !url.startsWith("https://") ? "notificationUrl must be https" :
          typeof body.clientState !== "string" || body.clientState.length > 128 ? "clientState must be a string of at most 128 characters" :
          Number.isNaN(expiry) || expiry <= Date.now() || expiry > Date.now() + MAX_PRESENCE_LIFETIME_MS + 60_000 ? "expirationDateTime must be within the next 60 minutes" : undefined;
        if (problem) {
          record(400, body);
          graphError(res, 400, "ValidationError", problem);
          return true;
        }
        // NOTE: Graph posts the validation token first and refuses the subscription unless it is echoed.
        const validationToken = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
        const echo = await post(`${url}?validationToken=${encodeURIComponent(validationToken)}`, deps.ca, "", "text/plain; charset=utf-8");
        if (echo.status !== 200 || !echo.type.startsWith("text/plain") || echo.text !== validationToken) {
          record(400, { ...body, validation: echo.status });
          graphError(res, 400, "ValidationError", "Subscription validation request failed. Response must exactly match validationToken query parameter.");
          return true;
        }
        const made: StandInSubscription = { id: randomUUID(), userId: user!, resource: String(body!.resource), notificationUrl: url, clientState: String(body!.clientState), expiresAt: Math.min(expiry, Date.now() + lifetimeMs), by };
        subscriptions.set(made.id, made);
        record(201, { ...body, validation: 200 });
        json(res, 201, view(made));
        return true;
      }
      const known = id ? live(subscriptions.get(id)) : undefined;
      if ((req.method === "PATCH" || req.method === "DELETE") && id) {
        if (!known) {
          record(404, body);
          graphError(res, 404, "ResourceNotFound", `The object was not found: subscription ${id}`);
          return true;
        }
        if (req.method === "DELETE") {
          subscriptions.delete(id);
          record(204);
          res.writeHead(204).end();
          return true;
        }
        if (Number.isNaN(expiry) || expiry <= Date.now() || expiry > Date.now() + MAX_PRESENCE_LIFETIME_MS + 60_000) {
          record(400, body);
          graphError(res, 400, "ValidationError", "expirationDateTime must be within the next 60 minutes");
          return true;
        }
        known.expiresAt = Math.min(expiry, Date.now() + lifetimeMs);
        record(200, body);
        json(res, 200, view(known));
        return true;
      }
      record(400, body);
      graphError(res, 400, "BadRequest", `Unsupported request: ${req.method} ${path}`);
      return true;
    },
    /** A presence changed: each live subscription on the user is notified. */
    changed(userId: string) {
      for (const s of subscriptions.values()) if (s.userId === userId && live(s)) void notify(s);
    },
    /** A notification as Graph sends it but with another clientState (a forgery); resolves with its delivery. */
    forge: (s: StandInSubscription, clientState: string, presence: Pair) => notify(s, clientState, presence),
    /** Teams tokens the stand-in's Entra accepts as an on-behalf-of assertion: returns the person's oid. */
    acceptAssertions(check: (assertion: string) => Promise<string | undefined>) {
      checkAssertion = check;
    },
    /** Subscriptions granted from now on live at most this long (Graph: an hour). */
    lifetime(seconds: number | undefined) {
      lifetimeMs = seconds === undefined ? MAX_PRESENCE_LIFETIME_MS : seconds * 1000;
    },
    /** Whether notifications carry availability and activity in resourceData (else the receiver reads them). */
    resourceData(carried: boolean) {
      withData = carried;
    },
    /** Graph forgets every subscription (it lapsed on its side, or was removed). */
    drop: () => subscriptions.clear(),
    live: () => [...subscriptions.values()].filter((s) => live(s)),
    deliveries: () => [...deliveries],
  };
}

export type StandInSubscriptions = ReturnType<typeof createStandInSubscriptions>;
