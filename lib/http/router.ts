/**
 * The connector's own HTTP routes: one small table, one place that authenticates, refuses foreign
 * origins for state-changing requests, maps errors and measures durations.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { ZodError, type z } from "zod";
import { AppError } from "../errors";
import type { AppDeps } from "./deps";
import { clientAddress } from "./client-info";
import { isForeignOrigin, sendError, sendJson } from "./io";

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string>;
  deps: AppDeps;
}

/**
 * What a handler returns: a JSON reply; "handled" when it wrote the response itself; or "pages"
 * when the request is not the router's after all (a page of the web client serves it).
 */
export type RouteResult = { status: number; body: unknown; headers?: Record<string, string | string[]> } | "handled" | "pages";

export interface Route {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** A path with `:name` segments, e.g. /api/v1/workers/:id. */
  path: string;
  /** When set, the route matches only requests that carry this query parameter (others go on, e.g. to a page). */
  query?: string;
  handler(ctx: RouteContext): Promise<RouteResult>;
}

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

type Match = { route: CompiledRoute; params: Record<string, string> } | { allowed: string[] } | undefined;

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Paths under this prefix are the router's alone: an unknown one is a JSON 404, never a page. */
const API_PREFIX = "/api/";

/**
 * The request target as a URL. NOTE: `new URL("//host/x", base)` would read a path that starts
 * with two slashes as another host; the target is appended to a fixed origin instead.
 */
export function requestUrl(target: string | undefined): URL | undefined {
  const raw = target ?? "/";
  try {
    return raw.startsWith("/") ? new URL(`http://connector.invalid${raw}`) : new URL(raw);
  } catch {
    return undefined;
  }
}

export function createRouter(routes: readonly Route[]) {
  const compiled: CompiledRoute[] = routes.map((route) => {
    const names: string[] = [];
    const pattern = route.path.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
      names.push(name);
      return "([^/]+)";
    });
    return { ...route, regex: new RegExp(`^${pattern}$`), names };
  });

  function match(method: string, url: URL): Match {
    const allowed: string[] = [];
    for (const route of compiled) {
      const m = route.regex.exec(url.pathname);
      if (!m || (route.query !== undefined && !url.searchParams.has(route.query))) continue;
      if (route.method !== method) {
        allowed.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = decodeSegment(m[i + 1]);
      });
      return { route, params };
    }
    return allowed.length ? { allowed } : undefined;
  }

  /** Handles the request when it is the router's; returns false to let the caller go on (pages). */
  async function handle(req: IncomingMessage, res: ServerResponse, deps: AppDeps): Promise<boolean> {
    const url = requestUrl(req.url);
    const pathname = url?.pathname ?? "";
    const isApi = pathname.startsWith(API_PREFIX);
    const started = process.hrtime.bigint();
    let routeName = isApi ? "(unknown api path)" : pathname;
    try {
      if (!url) throw new AppError("bad_request", "the request target is not a valid URL");
      const found = match(req.method ?? "GET", url);
      if (!found) {
        if (!isApi) return false;
        throw new AppError("not_found", `${pathname} is not a path of this API`);
      }
      if ("allowed" in found) {
        routeName = "(method not allowed)";
        res.setHeader("allow", found.allowed.join(", "));
        throw new AppError("method_not_allowed", `${req.method} is not allowed here; use ${found.allowed.join(" or ")}`);
      }
      routeName = found.route.path;
      if (STATE_CHANGING.has(req.method ?? "") && isForeignOrigin(req)) {
        throw new AppError("forbidden", "requests from another site are refused");
      }
      const result = await found.route.handler({ req, res, url, params: found.params, deps });
      if (result === "pages") return false;
      if (result !== "handled") sendJson(res, result.status, result.body, result.headers);
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === "internal") {
        deps.logger.error({ err: error, route: routeName, method: req.method, client: clientAddress(req) }, "request failed");
      } else {
        deps.logger.info({ route: routeName, method: req.method, client: clientAddress(req), code: appError.code, reason: appError.message }, "request refused");
      }
      if (!res.headersSent) sendError(res, appError);
      else res.end();
      // NOTE: a body we refused to read may still be arriving; do not keep the socket for it.
      if (!req.complete) req.socket.destroySoon?.();
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    deps.metrics.httpDuration.observe({ method: req.method ?? "GET", route: routeName, status: String(res.statusCode) }, seconds);
    return true;
  }

  /** Whether a route of this router has the request's path (whatever its method). */
  function owns(req: IncomingMessage): boolean {
    const url = requestUrl(req.url);
    return url !== undefined && compiled.some((route) => route.regex.test(url.pathname) && (route.query === undefined || url.searchParams.has(route.query)));
  }

  return { handle, owns };
}

/** A path segment, percent-decoded; malformed encoding (`%ZZ`) is the caller's mistake: 400. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new AppError("bad_request", `the path segment "${segment.slice(0, 64)}" is not valid percent-encoding`);
  }
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return new AppError("bad_request", describeZodError(error));
  return new AppError("internal", "the connector could not complete the request");
}

export function describeZodError(error: ZodError): string {
  const issue = error.issues[0];
  const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
  return `${where}${issue.message}`;
}

/** Parses input with a schema, turning a failure into a 400 with the first problem named. */
export function parseWith<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw new AppError("bad_request", describeZodError(result.error));
  return result.data;
}
