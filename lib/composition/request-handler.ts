/**
 * How a node answers a request: `/cometd` by its own Bayeux server; its own health, readiness,
 * metrics and window goodbyes by itself; the rest by the owner's routes and the pages when this
 * node owns the work, else forwarded to the owner (the pages' static files excepted, the same on
 * every node). Counts the requests under way, which a drain waits for.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { BayeuxServer } from "../bayeux/faye-server";
import { isCometdPath } from "../bayeux/transport-gate";
import { serveCometd } from "../http/cometd-route";
import type { AppDeps } from "../http/deps";
import type { createRouter } from "../http/router";
import { applyNonPageHeaders, applyPageHeaders } from "../http/security-headers";
import type { Logger } from "../observability/logger";

type Router = ReturnType<typeof createRouter>;

export interface RequestHandlerOptions {
  bayeux: BayeuxServer;
  logger: Logger;
  /** What every node serves itself, with what it has. */
  node: { router: Router; deps: AppDeps };
  /** What the owner serves. */
  ownerRouter: Router;
  /** The owner's services when this node owns the work (waiting for a takeover under way). */
  owned(): Promise<{ deps: AppDeps } | undefined>;
  /** Several nodes: passes a request on to the owner. */
  forward?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  pages?: {
    handle(req: IncomingMessage, res: ServerResponse): Promise<void> | void;
    upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
    dev?: boolean;
  };
  draining(): boolean;
}

export function createRequestHandler(options: RequestHandlerOptions) {
  const { bayeux, logger, pages } = options;
  // NOTE: requests other than Bayeux's (which are held open on purpose) a drain waits for.
  let inFlight = 0;
  let onIdle = () => {};

  const servePages = (req: IncomingMessage, res: ServerResponse) => {
    applyPageHeaders(req, res, { dev: pages!.dev });
    return pages!.handle(req, res);
  };

  async function serve(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (options.node.router.owns(req)) {
      applyNonPageHeaders(res);
      return void (await options.node.router.handle(req, res, options.node.deps));
    }
    const services = await options.owned();
    if (!services && options.forward) {
      // NOTE: the pages' static files are the same on every node: served here, not forwarded.
      if (pages && pathname.startsWith("/_next/static/")) return servePages(req, res);
      return options.forward(req, res);
    }
    applyNonPageHeaders(res);
    if (services && (await options.ownerRouter.handle(req, res, services.deps))) return;
    if (pages) return servePages(req, res);
    res.writeHead(404, { "content-type": "text/plain" }).end("not found");
  }

  return {
    async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
      const pathname = (req.url ?? "/").split("?")[0];
      if (isCometdPath(pathname)) {
        applyNonPageHeaders(res);
        return serveCometd(req, res, bayeux, logger);
      }
      inFlight++;
      res.once("close", () => {
        if (--inFlight === 0) onIdle();
      });
      // NOTE: a draining node closes each connection after its answer, so clients reconnect elsewhere.
      if (options.draining()) res.setHeader("connection", "close");
      return serve(req, res, pathname);
    },
    /** Resolves once no request is under way, or after `maxMs`. */
    whenIdle(maxMs: number): Promise<void> {
      return new Promise<void>((resolve) => {
        if (inFlight === 0) return resolve();
        const bound = setTimeout(resolve, maxMs);
        onIdle = () => {
          clearTimeout(bound);
          resolve();
        };
      });
    },
  };
}
