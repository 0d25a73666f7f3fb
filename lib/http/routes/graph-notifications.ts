/**
 * POST /api/graph/notifications: Microsoft Graph's webhook for Teams presence change
 * notifications (an owner route: other nodes forward it). With `?validationToken=…` it is Graph's
 * handshake when a subscription is made: no authentication, answered 200 text/plain with the
 * decoded token at once (Graph waits 10 s). Otherwise a batch: checked (its shape, each
 * clientState equal in constant time to the one made for that subscription's user, the
 * subscription known), answered 202 at once (Graph waits 3 s), and applied afterwards.
 */
import { AppError, notFound } from "../../errors";
import { readJson } from "../io";
import { parseWith, type Route } from "../router";
import { GRAPH_NOTIFICATIONS_PATH } from "./graph-notifications-path";
import { graphNotificationBatch, MAX_VALIDATION_TOKEN } from "./graph-notifications-schema";

/** A batch is small JSON; a presence notification is about 1 KB. */
const MAX_BATCH_BYTES = 1024 * 1024;

export const graphNotificationsRoute: Route = {
  method: "POST",
  path: GRAPH_NOTIFICATIONS_PATH,
  async handler(ctx) {
    const notifications = ctx.deps.graphNotifications;
    if (!notifications) throw notFound("Teams presence change notifications (not configured here)");
    const validationToken = ctx.url.searchParams.get("validationToken");
    if (validationToken !== null) {
      if (validationToken.length > MAX_VALIDATION_TOKEN) throw new AppError("bad_request", "the validation token is too long");
      ctx.req.resume();
      ctx.res.writeHead(200, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
      ctx.res.end(validationToken);
      return "handled";
    }
    const batch = parseWith(graphNotificationBatch, await readJson(ctx.req, MAX_BATCH_BYTES));
    if (!notifications.receive(batch.value)) {
      throw new AppError("forbidden", "a notification's clientState is not the one this connector gave its subscription");
    }
    return { status: 202, body: {} };
  },
};
