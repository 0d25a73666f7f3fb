/**
 * The benchmark's HTTP client: node:http with one keep-alive pool (cheaper per request than
 * fetch, so the driver spends its core on the clients it simulates). Loopback only.
 */
import http from "node:http";

const agents = new Set<http.Agent>();

/** How long a pooled connection may stay idle: below the servers' keep-alive timeouts. */
const IDLE_CONNECTION_MS = 30_000;

/**
 * A keep-alive connection pool of one client: the integrator has one, and so has every simulated
 * worker (as each worker's browser keeps its own connections), so a request is timed on a
 * connection that is already open, as in the field, and never waits for another client's.
 */
export function newAgent(maxSockets = Infinity): http.Agent {
  // NOTE: an idle connection is dropped here before the connector's keep-alive timeout (65 s)
  // drops it there: reusing one the server is closing fails with ECONNRESET.
  const agent = new http.Agent({ keepAlive: true, maxSockets, timeout: IDLE_CONNECTION_MS });
  agents.add(agent);
  return agent;
}

const sharedAgent = newAgent();

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  json?: unknown;
  /** An HTML form's fields, sent as application/x-www-form-urlencoded (the dev sign-in). */
  form?: Record<string, string>;
  timeoutMs?: number;
  /** The client's connection pool (default: one shared pool). */
  agent?: http.Agent;
}

export async function request(url: string, method: string, options: RequestOptions = {}): Promise<Reply> {
  try {
    return await requestOnce(url, method, options);
  } catch (error) {
    // NOTE: a reused connection may have been closed by the server as the request left: a read
    // (GET) is safe to send again; anything else is reported as failed.
    if (method !== "GET" || !(error instanceof ReusedConnectionReset)) throw error;
    return requestOnce(url, method, options);
  }
}

class ReusedConnectionReset extends Error {}

function requestOnce(url: string, method: string, options: RequestOptions): Promise<Reply> {
  const target = new URL(url);
  if (target.hostname !== "127.0.0.1") return Promise.reject(new Error(`the benchmark only talks to 127.0.0.1, not ${target.hostname}`));
  const body = options.form ? new URLSearchParams(options.form).toString() : options.json === undefined ? undefined : JSON.stringify(options.json);
  const headers: Record<string, string> = { ...options.headers };
  if (body !== undefined) {
    headers["content-type"] = options.form ? "application/x-www-form-urlencoded" : "application/json";
    headers["content-length"] = String(Buffer.byteLength(body));
  }
  return new Promise((resolve, reject) => {
    const req = http.request(target, { method, headers, agent: options.agent ?? sharedAgent, timeout: options.timeoutMs ?? 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`${method} ${target.pathname} timed out`)));
    req.on("error", (error: NodeJS.ErrnoException) => {
      reject(req.reusedSocket && error.code === "ECONNRESET" ? new ReusedConnectionReset(error.message) : error);
    });
    req.end(body);
  });
}

/** Runs `task` over `items` with at most `limit` at once; resolves with the results in order. */
export async function inBatches<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/**
 * Closes a pool's idle keep-alive connections (the pool stays usable: a later request opens a new
 * one). Their server would close them itself once its keep-alive timeout passes.
 */
export function closeIdleConnections(agent: http.Agent): void {
  for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
}

export function closeHttp(): void {
  for (const agent of agents) agent.destroy();
  agents.clear();
}
