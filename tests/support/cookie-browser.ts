/**
 * A browser without a page, for sign-in flows in Vitest: one cookie jar for 127.0.0.1 (ports do
 * not separate cookies, as in a browser), redirects followed one by one so each can be looked at.
 */
import { rawRequest, type RawResponse } from "./http";

export class CookieBrowser {
  readonly jar = new Map<string, string>();

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  /** One request with the jar's cookies; keeps the cookies the answer sets (and drops those it expires). */
  async request(url: string, options: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<RawResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.jar.size) headers.cookie = this.cookieHeader();
    const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
    if (body !== undefined) headers["content-type"] = "application/x-www-form-urlencoded";
    const res = await rawRequest(url, { method: options.method ?? (body ? "POST" : "GET"), headers, body });
    for (const line of ([] as string[]).concat(res.headers["set-cookie"] ?? [])) {
      const [pair, ...attributes] = line.split(";").map((p) => p.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const expired = attributes.some((a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now()));
      if (expired || eq === pair.length - 1) this.jar.delete(name);
      else this.jar.set(name, pair.slice(eq + 1));
    }
    return res;
  }

  /** Follows redirects from `url` until a page answers (or `stopAt` says stop at a Location); returns the last answer and its URL. */
  async follow(url: string, options: { method?: string; form?: Record<string, string>; stopAt?: (location: URL) => boolean } = {}): Promise<{ res: RawResponse; url: string }> {
    let res = await this.request(url, options);
    let current = url;
    for (let hops = 0; res.status >= 301 && res.status <= 308 && res.headers.location; hops++) {
      if (hops > 20) throw new Error(`too many redirects from ${url}`);
      const next = new URL(res.headers.location, current);
      if (options.stopAt?.(next)) return { res, url: current };
      current = next.href;
      res = await this.request(current);
    }
    return { res, url: current };
  }
}
