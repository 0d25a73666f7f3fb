import { requireSignedIn } from "../auth";
import type { Route } from "../router";

/**
 * GET /api/kw/texts: what the deployment wrote for its workers, in every configured language
 * (the client picks the one it shows, falling back to English): canned responses and the labels
 * of attached-data keys and disposition codes. A session opened by an invitation link handles a chat too: it gets them.
 */
export const kwTextsRoute: Route = {
  method: "GET",
  path: "/api/kw/texts",
  async handler(ctx) {
    await requireSignedIn(ctx);
    const { config } = ctx.deps;
    return {
      status: 200,
      body: {
        responses: config.responses,
        dataLabels: config["data-labels"],
        dispositions: Object.fromEntries(config.routing.dispositions.flatMap((d) => (d.label ? [[d.code, d.label]] : []))),
      },
    };
  },
};
