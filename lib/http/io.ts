/** Small HTTP helpers: bounded JSON bodies, cookies, origins, loopback, replies. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError, httpStatusOf, toErrorBody } from "../errors";

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

/** Reads a JSON body of at most maxBytes; 415 for another media type, 400 for malformed JSON. */
export async function readJson(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const type = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  // NOTE: sendBeacon can only send text/plain without a preflight; its body is JSON all the same.
  if (type !== "application/json" && type !== "text/plain") {
    throw new AppError("unsupported_media_type", "send the body as application/json");
  }
  const tooLarge = checkDeclaredLength(req, maxBytes);
  if (tooLarge) throw tooLarge;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new AppError("payload_too_large", `the body is over the ${maxBytes}-byte limit`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text.trim()) throw new AppError("bad_request", "the body is empty; send a JSON object");
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "the body is not valid JSON");
  }
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

export function isLoopback(req: IncomingMessage): boolean {
  const address = req.socket.remoteAddress ?? "";
  return address === "::1" || /^(::ffff:)?127\./.test(address);
}

export function isTls(req: IncomingMessage): boolean {
  return Boolean((req.socket as { encrypted?: boolean }).encrypted);
}

/** The origin this request was addressed to, as a browser would write it. */
export function ownOrigin(req: IncomingMessage): string {
  return `${isTls(req) ? "https" : "http"}://${req.headers.host ?? ""}`;
}

/**
 * A request a browser sent from another site (or from an opaque origin, `Origin: null`).
 * Requests without an Origin header come from non-browser clients and are judged by credentials.
 */
export function isForeignOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  return origin !== ownOrigin(req);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
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
