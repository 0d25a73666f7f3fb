/** Small HTTP helpers: bounded JSON bodies, cookies, origins, loopback, replies. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError, httpStatusOf, toErrorBody } from "../errors";
import { carriesProxyHeaders, configuredPublicOrigin, isSecureRequest, requestHost } from "./client-info";

/** The largest request body the connector buffers, on /api and /cometd alike. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Refuses, before anything is read, a body that says it is too large. Returns the error, or undefined. */
export function checkDeclaredLength(req: IncomingMessage, maxBytes: number): AppError | undefined {
  const declared = req.headers["content-length"];
  if (declared !== undefined) {
    const length = Number(declared);
    if (!Number.isFinite(length) || length < 0) return new AppError("bad_request", "Content-Length is not a number");
    if (length > maxBytes) return new AppError("payload_too_large", `the body is over the ${maxBytes}-byte limit`);
  }
  return undefined;
}

/**
 * For a body sent without a length (chunked), counts the bytes as they arrive beside the reader
 * that buffers them, and calls `onOver` once the count passes maxBytes: at most one chunk more
 * than the limit is ever held.
 */
export function limitStreamedBody(req: IncomingMessage, maxBytes: number, onOver: () => void): void {
  if (req.headers["content-length"] !== undefined) return;
  let size = 0;
  const count = (chunk: Buffer) => {
    size += chunk.length;
    if (size <= maxBytes) return;
    req.off("data", count);
    onOver();
  };
  req.on("data", count);
}

const mediaTypeOf = (req: IncomingMessage) => (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();

/** Reads a body of at most maxBytes as text; 413 past the limit. */
async function readText(req: IncomingMessage, maxBytes: number): Promise<string> {
  const tooLarge = checkDeclaredLength(req, maxBytes);
  if (tooLarge) throw tooLarge;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new AppError("payload_too_large", `the body is over the ${maxBytes}-byte limit`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Reads a JSON body of at most maxBytes; 415 for another media type, 400 for malformed JSON. */
export async function readJson(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const type = mediaTypeOf(req);
  // NOTE: sendBeacon can only send text/plain without a preflight; its body is JSON all the same.
  if (type !== "application/json" && type !== "text/plain") {
    throw new AppError("unsupported_media_type", "send the body as application/json");
  }
  const text = await readText(req, maxBytes);
  if (!text.trim()) throw new AppError("bad_request", "the body is empty; send a JSON object");
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "the body is not valid JSON");
  }
}

/** Reads an HTML form's body (application/x-www-form-urlencoded) as its fields; the first of a repeated name wins. */
export async function readForm(req: IncomingMessage, maxBytes = 4 * 1024): Promise<Record<string, string>> {
  if (mediaTypeOf(req) !== "application/x-www-form-urlencoded") {
    throw new AppError("unsupported_media_type", "send the form as application/x-www-form-urlencoded");
  }
  const fields: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(await readText(req, maxBytes))) {
    if (!(name in fields)) fields[name] = value;
  }
  return fields;
}

export function parseCookies(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  const header = req.headers.cookie;
  if (!header) return out;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in out) continue;
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      out[name] = part.slice(eq + 1).trim();
    }
  }
  return out;
}

/**
 * Whether the request comes from this machine itself. NOTE: a request with proxy headers came
 * through a proxy (which may well run on this machine), so it is never local.
 */
export function isLoopback(req: IncomingMessage): boolean {
  if (carriesProxyHeaders(req)) return false;
  const address = req.socket.remoteAddress ?? "";
  return address === "::1" || /^(::ffff:)?127\./.test(address);
}

/** The names this machine answers to on loopback, with any port. */
const LOOPBACK_HOST = /^(?:127\.0\.0\.1|\[::1\]|localhost)(?::\d{1,5})?$/i;

/**
 * Whether the request was addressed to this machine by a loopback name. NOTE: a loopback peer
 * is not enough: a page on another site whose name resolves to 127.0.0.1 (DNS rebinding) sends
 * its own name as Host.
 */
export function isLoopbackHost(req: IncomingMessage): boolean {
  return LOOPBACK_HOST.test(req.headers.host ?? "");
}

/**
 * A browser's own word that the request comes from another site (`Sec-Fetch-Site: cross-site`
 * or `same-site`). Clients that send no such header are judged by the Origin check and credentials.
 */
export function isCrossSiteFetch(req: IncomingMessage): boolean {
  const site = req.headers["sec-fetch-site"];
  return site !== undefined && site !== "same-origin" && site !== "none";
}

/**
 * A path on this connector to land on after sign-in, or "/" for anything else: an absolute or
 * protocol-relative URL (`//evil`, `/\\evil`) would send the person to another site.
 */
export function safeNextPath(next: string | undefined): string {
  if (!next || next.length > 512 || !next.startsWith("/") || next.startsWith("//") || /[\\\u0000-\u001f\u007f]/.test(next)) return "/";
  return next;
}

/** Whether the client's request came over TLS: the socket's, or a trusted proxy's word (client-info.ts). */
export function isTls(req: IncomingMessage): boolean {
  return isSecureRequest(req);
}

/**
 * The origin the pages are served at: UCC_PUBLIC_URL's when it is set, else the one this request
 * was addressed to (as a trusted proxy reports scheme and host), as a browser would write it.
 */
export function ownOrigin(req: IncomingMessage): string {
  return configuredPublicOrigin(req) ?? `${isTls(req) ? "https" : "http"}://${requestHost(req)}`;
}

/**
 * A request a browser sent from another site (or from an opaque origin, `Origin: null`).
 * Requests without an Origin header come from non-browser clients and are judged by credentials.
 *
 * NOTE: under `Referrer-Policy: no-referrer` (every page here) a browser sends `Origin: null` with
 * a same-origin form POST; its `Sec-Fetch-Site: same-origin`, which no page can set, tells it
 * apart from an opaque origin (a sandboxed frame elsewhere says `cross-site`).
 */
export function isForeignOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  if (origin === "null" && req.headers["sec-fetch-site"] === "same-origin") return false;
  return origin !== ownOrigin(req);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text).toString(),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: AppError): void {
  const headers: Record<string, string> = {};
  if (error.code === "unauthorized") headers["www-authenticate"] = "Bearer";
  if (error.code === "payload_too_large") headers.connection = "close";
  sendJson(res, httpStatusOf(error.code), toErrorBody(error), headers);
}
