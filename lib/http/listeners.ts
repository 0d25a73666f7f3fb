/**
 * The connector's listeners: the pages' port (HTTP, or HTTPS and WSS with a certificate store)
 * and, with MTLS, a port of its own for /api/v1 and /cometd. Every request and upgrade first gets
 * its client info (client-info.ts); Node's request limits are set here.
 */
import http, { type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type https from "node:https";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { isCometdPath, isCometdUpgrade } from "../bayeux/transport-gate";
import { AppError } from "../errors";
import type { Logger } from "../observability/logger";
import { createHttpsServer, createMtlsServer, hasTrustedClientCertificate, markViaMtlsListener, servedOnMtlsListener, type TlsSettings } from "../tls/https-server";
import { attachClientInfo, clientAddress, type EdgeSettings } from "./client-info";
import { sendError } from "./io";
import { applyNonPageHeaders, applyTransportHeaders } from "./security-headers";

/**
 * Node's limits on a request's arrival. NOTE: a long poll's request is complete once its small
 * body has arrived (the held part is the response), so none of these cut a held /meta/connect.
 */
export interface HttpTimeouts {
  /** The whole request, headers and body: a body that trickles in is cut (408) past this. */
  requestMs: number;
  /** The request's headers; below requestMs. */
  headersMs: number;
  /** An idle kept-alive connection is closed after this: above load balancers' common 60 s idle timeout, so they close first. */
  keepAliveMs: number;
  /** How often Node checks the two limits above (a limit may be overrun by up to this). */
  checkIntervalMs: number;
}

export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = {
  requestMs: 30_000,
  headersMs: 20_000,
  keepAliveMs: 65_000,
  checkIntervalMs: 5_000,
};

export interface ListenerOptions {
  tls?: TlsSettings;
  timeouts?: Partial<HttpTimeouts>;
  edge: EdgeSettings;
  logger: Logger;
  /** Serves one request (after its client info is attached and HSTS set). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** A WebSocket upgrade on exactly /cometd. */
  upgradeBayeux(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Any other upgrade on the pages' port (Next.js dev's hot reload). */
  upgradePages?(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

export interface Listeners {
  server: Server;
  /** The MTLS listener, when MTLS is configured. */
  mtlsServer: https.Server | undefined;
  /** Listens on both ports; resolves with their URLs. */
  listen(port: number, host: string): Promise<{ url: string; mtlsUrl: string | undefined }>;
  /** Stops taking connections (drain): idle kept-alive ones close now, busy ones after their answer. */
  stopAccepting(): void;
  close(): Promise<void>;
}

const refuseUpgrade = (socket: Duplex, status: string) => socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);

export function createListeners(options: ListenerOptions): Listeners {
  const { edge, logger } = options;
  const timeouts = { ...DEFAULT_HTTP_TIMEOUTS, ...options.timeouts };
  const serverOptions: http.ServerOptions = {
    requestTimeout: timeouts.requestMs,
    headersTimeout: timeouts.headersMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    connectionsCheckingInterval: timeouts.checkIntervalMs,
  };

  const serve = (req: IncomingMessage, res: ServerResponse) => {
    options.handle(req, res).catch((error) => {
      logger.error({ err: error, url: req.url, client: clientAddress(req) }, "request failed");
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    // NOTE: first, so that everything after reads the same client address, scheme and host.
    attachClientInfo(req, edge);
    applyTransportHeaders(req, res);
    serve(req, res);
  };
  const server: Server = options.tls ? createHttpsServer(options.tls, listener, serverOptions) : http.createServer(serverOptions, listener);
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    attachClientInfo(req, edge);
    if (isCometdUpgrade(req.url)) return options.upgradeBayeux(req, socket, head);
    if (isCometdPath((req.url ?? "/").split("?")[0])) return refuseUpgrade(socket, "404 Not Found");
    if (options.upgradePages) return options.upgradePages(req, socket, head);
    socket.destroy();
  });

  const mtlsServer = options.tls?.clientCa ? createMtlsServer(options.tls, mtlsListener, serverOptions) : undefined;
  function mtlsListener(req: IncomingMessage, res: ServerResponse) {
    markViaMtlsListener(req);
    attachClientInfo(req, edge);
    applyTransportHeaders(req, res);
    const pathname = (req.url ?? "/").split("?")[0];
    if (!servedOnMtlsListener(pathname)) {
      applyNonPageHeaders(res);
      return sendError(res, new AppError("not_found", "the MTLS port serves /api/v1 and /cometd only; the pages are on the main port"));
    }
    // NOTE: /api/v1 checks the certificate per call (the key's calls need it, openapi.json not);
    // the desktop companion's Bayeux needs it for every request.
    if (isCometdPath(pathname) && !hasTrustedClientCertificate(req)) {
      applyNonPageHeaders(res);
      return sendError(res, new AppError("unauthorized", "this port needs a client certificate signed by the configured CA (MTLS)"));
    }
    serve(req, res);
  }
  mtlsServer?.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    markViaMtlsListener(req);
    attachClientInfo(req, edge);
    if (!isCometdUpgrade(req.url)) return refuseUpgrade(socket, "404 Not Found");
    if (!hasTrustedClientCertificate(req)) return refuseUpgrade(socket, "401 Unauthorized");
    options.upgradeBayeux(req, socket, head);
  });

  const listenOne = (target: Server, port: number, host: string) =>
    new Promise<string>((resolve, reject) => {
      target.once("error", reject);
      target.listen(port, host, () => {
        target.off("error", reject);
        const address = target.address() as AddressInfo;
        const shownHost = host.includes(":") ? `[${host}]` : host;
        resolve(`${options.tls ? "https" : "http"}://${shownHost}:${address.port}`);
      });
    });
  const closed = new WeakMap<Server, Promise<void>>();
  const stopOne = (target: Server) => {
    if (!closed.has(target)) closed.set(target, target.listening ? new Promise<void>((resolve) => target.close(() => resolve())) : Promise.resolve());
    target.closeIdleConnections();
    return closed.get(target)!;
  };
  const closeOne = (target: Server) => {
    const done = stopOne(target);
    target.closeAllConnections();
    return done;
  };

  return {
    server,
    mtlsServer,
    async listen(port, host) {
      const url = await listenOne(server, port, host);
      const mtlsUrl = mtlsServer ? await listenOne(mtlsServer, options.tls?.mtlsPort ?? 0, host) : undefined;
      return { url, mtlsUrl };
    },
    stopAccepting() {
      void stopOne(server);
      if (mtlsServer) void stopOne(mtlsServer);
    },
    async close() {
      await Promise.all([closeOne(server), ...(mtlsServer ? [closeOne(mtlsServer)] : [])]);
    },
  };
}
