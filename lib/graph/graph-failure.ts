/**
 * What a failed Graph call means for the caller: wait and try again (and how long Graph asked us
 * to wait), or give up on that request. A tiny classifier kept apart from the transport.
 */

export type GraphOutcome = "ok" | "throttled" | "server-error" | "unreachable" | "refused" | "token-failed";

export interface GraphFailure {
  outcome: Exclude<GraphOutcome, "ok">;
  /** Milliseconds Graph asked for in Retry-After (429, 503), when it did. */
  retryAfterMs?: number;
  /** Graph's HTTP status, when it answered (a renewal's 404: the subscription is gone). */
  status?: number;
}

/** Reads a Retry-After header: delta seconds or an HTTP date (RFC 9110 10.2.3). */
export function retryAfterMs(header: string | null | undefined, now: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** `statusCode` as @microsoft/microsoft-graph-client's GraphError carries it (-1 or 0: no answer). */
export function classifyStatus(statusCode: number | undefined): GraphFailure["outcome"] {
  if (statusCode === undefined || statusCode <= 0) return "unreachable";
  if (statusCode === 429) return "throttled";
  if (statusCode >= 500) return "server-error";
  return "refused";
}

export class GraphCallError extends Error {
  constructor(
    readonly failure: GraphFailure,
    message: string,
  ) {
    super(message);
    this.name = "GraphCallError";
  }
}
