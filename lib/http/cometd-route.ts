/**
 * Plain HTTP requests under /cometd: the transport gate first (only a JSON POST on exactly
 * /cometd reaches faye), then the body limit faye lacks, then faye with its CORS grant stripped.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { BayeuxServer } from "../bayeux/faye-server";
import { classifyCometdRequest, withoutCorsGrant } from "../bayeux/transport-gate";
import { AppError } from "../errors";
import type { Logger } from "../observability/logger";
import { clientAddress } from "./client-info";
import { checkDeclaredLength, limitStreamedBody, MAX_BODY_BYTES, sendError } from "./io";

export function serveCometd(req: IncomingMessage, res: ServerResponse, bayeux: BayeuxServer, logger: Logger): void {
  const verdict = classifyCometdRequest({
    method: req.method,
    url: req.url,
    contentType: req.headers["content-type"],
    preflight: req.headers["access-control-request-method"] !== undefined,
  });
  if (!verdict.serve) {
    logger.info({ method: req.method, url: req.url, client: clientAddress(req), reason: verdict.error.message }, "bayeux transport refused");
    if (verdict.allow) res.setHeader("allow", verdict.allow);
    return sendError(res, verdict.error);
  }
  withoutCorsGrant(res);
  // NOTE: faye buffers a request body whole and has no limit of its own: a declared length
  // over the cap is refused before a byte is read, a streamed body as soon as it passes it.
  const refuse = (error: AppError) => {
    logger.info({ reason: error.message, client: clientAddress(req) }, "bayeux request refused");
    if (!res.headersSent) sendError(res, error);
    req.socket.destroySoon?.();
  };
  const refused = checkDeclaredLength(req, MAX_BODY_BYTES);
  if (refused) return refuse(refused);
  limitStreamedBody(req, MAX_BODY_BYTES, () => {
    refuse(new AppError("payload_too_large", `the body is over the ${MAX_BODY_BYTES}-byte limit`));
    req.destroy();
  });
  bayeux.handle(req, res);
}
