import type { Route } from "../router";

export const healthRoute: Route = {
  method: "GET",
  path: "/healthz",
  async handler({ deps }) {
    const ok = await deps.ready().catch(() => false);
    return ok ? { status: 200, body: { status: "ok" } } : { status: 503, body: { status: "unavailable" } };
  },
};
