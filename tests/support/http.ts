/**
 * A small HTTP client over node:http: one fresh connection per request (no pooling across
 * connector restarts), any header allowed (Origin, Content-Length), bodies as string or Buffer.
 */
import http from "node:http";

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: any;
}

export interface RawRequestOptions {
  method?: string;
  headers?: Record<string, string | number>;
  /** A string or Buffer body, or an object sent as JSON (content-type application/json is added). */
  body?: string | Buffer | object;
  /**
   * Send only the headers and this many bytes of the body, then wait for the reply
   * (for refusals that must come before the body is read).
   */
  headersOnly?: boolean;
  timeoutMs?: number;
}

export function rawRequest(url: string, options: RawRequestOptions = {}): Promise<RawResponse> {
  const headers: Record<string, string | number> = { ...(options.headers ?? {}) };
  let body: Buffer | undefined;
  if (options.body !== undefined) {
    if (typeof options.body === "string") body = Buffer.from(options.body);
    else if (Buffer.isBuffer(options.body)) body = options.body;
    else {
      body = Buffer.from(JSON.stringify(options.body));
      if (!hasHeader(headers, "content-type")) headers["content-type"] = "application/json";
    }
    if (!hasHeader(headers, "content-length") && !hasHeader(headers, "transfer-encoding")) {
      headers["content-length"] = body.length;
    }
  }
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? "GET", headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        req.destroy();
      });
      res.on("error", reject);
    });
    // A refusal may close the socket while the body is still being written; the reply wins.
    req.on("error", (error) => reject(error));
    req.setTimeout(options.timeoutMs ?? 10_000, () => req.destroy(new Error(`request to ${url} timed out`)));
    if (options.headersOnly) {
      req.flushHeaders();
      return;
    }
    if (body) req.write(body);
    req.end();
  });
}

function hasHeader(headers: Record<string, unknown>, name: string): boolean {
  return Object.keys(headers).some((h) => h.toLowerCase() === name);
}
