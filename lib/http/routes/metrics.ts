import type { Route } from "../router";

export const metricsRoute: Route = {
  method: "GET",
  path: "/metrics",
  async handler({ res, deps }) {
    const text = await deps.metrics.registry.metrics();
    res.writeHead(200, { "content-type": deps.metrics.registry.contentType, "cache-control": "no-store" });
    res.end(text);
    return "handled";
  },
};
