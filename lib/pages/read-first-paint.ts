/**
 * The pages' side of the first-paint hand-off (lib/first-paint.ts), for server components only.
 * Undefined when no connector runs in this process (then the client fetches, as before).
 */
import { headers } from "next/headers";
import { cache } from "react";
import { READ_SIDE_KEY, type ConnectorReadSide, type FirstPaint } from "../first-paint";

// NOTE: cached per request: the layout (its language) and the page (its data) read it once.
export const readFirstPaint = cache(async function readFirstPaint(): Promise<FirstPaint | undefined> {
  const side = (globalThis as Record<symbol, unknown>)[READ_SIDE_KEY] as ConnectorReadSide | undefined;
  const cookie = (await headers()).get("cookie") ?? undefined;
  if (!side) return undefined;
  try {
    return await side.firstPaint(cookie);
  } catch {
    // The client fetches the same data and shows the error honestly if it persists.
    return undefined;
  }
});
