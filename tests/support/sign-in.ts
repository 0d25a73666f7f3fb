/** The dev sign-in as the browser's form does it: POST /signin, form-encoded; resolves with "ucc_session=...". */
import { rawRequest, type RawResponse } from "./http";

export function postDevSignIn(url: string, workerId: string, headers: Record<string, string> = {}, next?: string): Promise<RawResponse> {
  const form = new URLSearchParams({ worker: workerId, ...(next === undefined ? {} : { next }) });
  return rawRequest(`${url}/signin`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: form.toString(),
  });
}

/** The ucc_session cookie a response sets, as a Cookie header value, or undefined. */
export function sessionCookieOf(res: RawResponse): string | undefined {
  return ([] as string[])
    .concat(res.headers["set-cookie"] ?? [])
    .map((c) => c.split(";")[0].trim())
    .find((c) => c.startsWith("ucc_session=") && c.length > "ucc_session=".length);
}

export async function devSignIn(url: string, workerId: string): Promise<string> {
  const res = await postDevSignIn(url, workerId);
  if (res.status !== 303) throw new Error(`sign-in of ${workerId} answered ${res.status}: ${res.text}`);
  const cookie = sessionCookieOf(res);
  if (!cookie) throw new Error(`sign-in of ${workerId} set no ucc_session cookie`);
  return cookie;
}
