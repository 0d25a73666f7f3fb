/**
 * Which requests under /cometd reach faye. faye's Node adapter answers more than the two
 * transports the authorizer was written for: EventSource (`GET /cometd/<clientId>`, which hands
 * a client's pushes to whoever holds its id, with no message passing the extensions), JSONP and
 * callback-polling GETs (a `<script>` on another site carries the cookie and no Origin), form
 * POSTs, CORS preflights and its own client script. Only a JSON POST on exactly /cometd
 * (long-polling) and the WebSocket upgrade on exactly /cometd get through.
 */
import type { ServerResponse } from "node:http";
import { AppError } from "../errors";
import { BAYEUX_PATH } from "./faye-server";

export interface CometdRequest {
  method: string | undefined;
  /** The request target as sent (path and query). */
  url: string | undefined;
  /** The Content-Type header, if any. */
  contentType: string | undefined;
  /** `Access-Control-Request-Method`: faye answers a request carrying it as a CORS preflight. */
  preflight: boolean;
}

export type CometdVerdict = { serve: true } | { serve: false; error: AppError; allow?: string };

/** Query parameters faye reads as a message or a JSONP callback. */
const FAYE_PARAMS = ["message", "jsonp", "callback"];

/** Whether the path is /cometd or under it (everything there is this gate's to judge). */
export function isCometdPath(pathname: string): boolean {
  return pathname === BAYEUX_PATH || pathname.startsWith(`${BAYEUX_PATH}/`);
}

/** Whether a plain HTTP request to /cometd (or under it) may go to faye; if not, the refusal. */
export function classifyCometdRequest(request: CometdRequest): CometdVerdict {
  const [pathname, query = ""] = (request.url ?? "/").split("?", 2);
  if (pathname !== BAYEUX_PATH) {
    // NOTE: the cometd client appends the message type (/cometd/connect) unless it is configured
    // with appendMessageTypeToURL: false; ours are.
    return { serve: false, error: new AppError("not_found", `only ${BAYEUX_PATH} itself serves Bayeux`) };
  }
  if (request.method !== "POST") {
    return { serve: false, error: new AppError("method_not_allowed", `${BAYEUX_PATH} answers POST (long-polling) and the WebSocket upgrade only`), allow: "POST" };
  }
  if (request.preflight) {
    return { serve: false, error: new AppError("bad_request", `${BAYEUX_PATH} answers no CORS preflight`) };
  }
  const params = new URLSearchParams(query);
  const named = FAYE_PARAMS.find((name) => params.has(name));
  if (named) {
    return { serve: false, error: new AppError("bad_request", `${BAYEUX_PATH} takes its messages as a JSON body, not a "${named}" parameter`) };
  }
  // NOTE: faye reads any other media type as a form whose `message` field is the message.
  const type = (request.contentType ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json") {
    return { serve: false, error: new AppError("unsupported_media_type", `send the Bayeux messages as application/json`) };
  }
  return { serve: true };
}

/** Whether a WebSocket upgrade may go to faye: on exactly /cometd. */
export function isCometdUpgrade(url: string | undefined): boolean {
  return (url ?? "/").split("?", 2)[0] === BAYEUX_PATH;
}

const CORS_HEADERS = new Set(["access-control-allow-origin", "access-control-allow-credentials"]);

/**
 * Drops the CORS grant faye writes on every reply that came with an Origin (the request's own
 * origin, with credentials): /cometd is for this origin's pages and the desktop companion only.
 */
export function withoutCorsGrant(res: ServerResponse): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    for (const arg of args) {
      if (arg && typeof arg === "object" && !Array.isArray(arg)) {
        for (const name of Object.keys(arg)) if (CORS_HEADERS.has(name.toLowerCase())) delete (arg as Record<string, unknown>)[name];
      }
    }
    for (const name of CORS_HEADERS) this.removeHeader(name);
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse["writeHead"];
}
