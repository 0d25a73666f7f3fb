/**
 * A node that does not own the work passes each request it does not serve itself (everything but
 * /cometd, its own health and metrics, and the pages' static files) to the owner, as it came:
 * method, path, headers and body, plus what it knows of the client, signed
 * (lib/cluster/peer-info.ts). The owner's answer goes back unchanged.
 *
 * While no node owns the work (the owner died and the next has not taken over yet) a request
 * waits for one, up to `waitMs`. A request is sent again only when the owner could not have seen
 * it (the connection was refused); one that broke after it was sent is answered 502, since the
 * owner may have applied it (the integration API's Idempotency-Key makes its retry safe).
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import https from "node:https";
import { AppError } from "../errors";
import { sendError } from "../http/io";
import type { Logger } from "../observability/logger";
import { carriesProxyHeaders, clientAddress, isSecureRequest, requestHost } from "../http/client-info";
import { hasTrustedClientCertificate, viaMtlsListener } from "../tls/https-server";
import { peerHeader, PEER_HEADER, type PeerFacts } from "./peer-info";

/** Requests larger than this are refused before forwarding (the owner's own limits are smaller). */
export const MAX_FORWARDED_BYTES = 1024 * 1024;

/** Connection-level headers, never passed on (RFC 9110 7.6.1). */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization", "proxy-authenticate"]);

export interface OwnerForwarderOptions {
  /** The key of the "cluster-peers" purpose: the owner believes what it signs. */
  peerKey: Buffer;
  /** The owner's URL now (a read of the store), or undefined while nobody owns the work. */
  findOwner(): Promise<string | undefined>;
  /** This node's own URL: a directory that still names it is stale (it has just let go). */
  selfUrl(): string | undefined;
  /** What this node worked out about the request's client; default peerFactsOf. */
  clientInfo?(req: IncomingMessage): PeerFacts;
  logger: Logger;
  /** How long a request waits for an owner; default 10 s. */
  waitMs?: number;
  /** Between two looks for an owner; default 250 ms. */
  pollMs?: number;
}

const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

export function createOwnerForwarder(options: OwnerForwarderOptions) {
  const waitMs = options.waitMs ?? 10_000;
  const pollMs = options.pollMs ?? 250;

  async function ownerWithin(deadline: number): Promise<string | undefined> {
    for (;;) {
      const url = await options.findOwner().catch(() => undefined);
      if (url && url !== options.selfUrl()) return url;
      if (Date.now() >= deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  return async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readWhole(req);
    if (!body) return sendError(res, new AppError("payload_too_large", `a request may carry at most ${MAX_FORWARDED_BYTES} bytes`));
    const signed = peerHeader(options.peerKey, (options.clientInfo ?? peerFactsOf)(req));
    if (!signed) return sendError(res, new AppError("bad_request", "the Host header is not one a browser sends (too long)"));
    const deadline = Date.now() + waitMs;
    for (;;) {
      const owner = await ownerWithin(deadline);
      if (!owner) {
        res.setHeader("retry-after", "2");
        return sendError(res, new AppError("unavailable", "no connector node owns the work right now (one is taking over); try again in a few seconds"));
      }
      const outcome = await send(owner, req, body, signed, res);
      if (outcome === "done") return;
      if (outcome === "broken") return sendError(res, new AppError("unavailable", "the connector node answering this request went away; try again"));
      // NOTE: refused: the owner never saw the request; look for the next owner and send it there.
      if (Date.now() >= deadline) {
        res.setHeader("retry-after", "2");
        return sendError(res, new AppError("unavailable", "no connector node owns the work right now (one is taking over); try again in a few seconds"));
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  };

  function send(owner: string, req: IncomingMessage, body: Buffer, signed: string, res: ServerResponse): Promise<"done" | "refused" | "broken"> {
    const target = new URL(req.url ?? "/", owner);
    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (!HOP_BY_HOP.has(name) && name !== PEER_HEADER && value !== undefined) headers[name] = value;
    }
    headers["content-length"] = String(body.length);
    // NOTE: signed once per request, before the first try; valid 60 s, longer than a request waits.
    headers[PEER_HEADER] = signed;
    const secure = target.protocol === "https:";
    return new Promise((resolve) => {
      const outgoing = (secure ? https : http).request(target, { method: req.method, headers, agent: secure ? agents.https : agents.http }, (answer) => {
        const back: http.OutgoingHttpHeaders = {};
        for (const [name, value] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(name) && value !== undefined) back[name] = value;
        res.writeHead(answer.statusCode ?? 502, back);
        answer.pipe(res);
        answer.on("end", () => resolve("done"));
        answer.on("error", () => {
          res.destroy();
          resolve("done");
        });
      });
      outgoing.on("error", (error: NodeJS.ErrnoException) => {
        if (res.headersSent) {
          res.destroy();
          return resolve("done");
        }
        // NOTE: a kept-alive socket the owner had closed fails on reuse before the owner read anything.
        const refused = error.code === "ECONNREFUSED" || error.code === "EHOSTUNREACH" || error.code === "ENOTFOUND" || (error.code === "ECONNRESET" && outgoing.reusedSocket);
        options.logger.warn({ owner, code: error.code, url: req.url }, refused ? "owner refused a forwarded request; looking again" : "forwarded request broke");
        resolve(refused ? "refused" : "broken");
      });
      outgoing.end(body);
    });
  }
}

/** The whole body, or undefined when it is larger than MAX_FORWARDED_BYTES. */
function readWhole(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_FORWARDED_BYTES) over = true;
      else if (!over) chunks.push(chunk);
    });
    req.on("end", () => resolve(over ? undefined : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** What this node worked out about a request's client (lib/http/client-info.ts), to sign for the owner. */
export function peerFactsOf(req: IncomingMessage): PeerFacts {
  return {
    address: clientAddress(req),
    secure: isSecureRequest(req),
    host: requestHost(req),
    proxied: carriesProxyHeaders(req),
    mtls: viaMtlsListener(req) && hasTrustedClientCertificate(req),
  };
}
