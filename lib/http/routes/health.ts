import type { Route } from "../router";

/** Liveness: the process answers and its store reads. */
export const healthRoute: Route = {
  method: "GET",
  path: "/healthz",
  async handler({ deps }) {
    const ok = await deps.ready().catch(() => false);
    return ok ? { status: 200, body: { status: "ok" } } : { status: 503, body: { status: "unavailable" } };
  },
};

/**
 * Readiness, for a load balancer's checks: 200 only while this node takes new work; 503 while it
 * starts or drains (SIGTERM), or while its store does not answer.
 */
export const readyRoute: Route = {
  method: "GET",
  path: "/readyz",
  async handler({ deps }) {
    const taking = deps.readiness?.() ?? false;
    const ok = taking && (await deps.ready().catch(() => false));
    const status = ok ? "ready" : taking ? "unavailable" : "not-ready";
    return { status: ok ? 200 : 503, body: { status }, headers: { "cache-control": "no-store" } };
  },
};
