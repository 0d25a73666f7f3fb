import { AppError } from "../../errors";
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
 * starts or drains (SIGTERM), or while its store does not answer. With `?role=owner`, 200 only
 * while it also owns the work (several nodes: the balancer sends the API straight there).
 */
export const readyRoute: Route = {
  method: "GET",
  path: "/readyz",
  async handler({ deps, url }) {
    const role = url.searchParams.get("role");
    if (role !== null && role !== "owner") throw new AppError("bad_request", 'role must be "owner" (or left out)');
    if (role === "owner" && !deps.owns?.()) return { status: 503, body: { status: "not-owner" }, headers: { "cache-control": "no-store" } };
    const taking = deps.readiness?.() ?? false;
    const ok = taking && (await deps.ready().catch(() => false));
    const status = ok ? "ready" : taking ? "unavailable" : "not-ready";
    return { status: ok ? 200 : 503, body: { status }, headers: { "cache-control": "no-store" } };
  },
};
