/**
 * What a node tells the owner about a request it forwards: who the client is, as the receiving
 * node worked it out (address, scheme, host, proxy headers, a verified client certificate on its
 * MTLS port). Signed with the cluster's shared secret and dated, so the owner believes it from a
 * peer and from nobody else: a client that sends the header itself is ignored.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { z } from "zod";
import type { ClientInfo } from "../http/forwarded";

export const PEER_HEADER = "x-ucc-peer";

/** How old a signed header may be (clock skew between nodes plus a slow forward). */
const MAX_AGE_MS = 60_000;

export interface PeerFacts extends ClientInfo {
  /** The request came in on the forwarding node's MTLS listener with a certificate its CA signed. */
  mtls: boolean;
}

const factsSchema = z.object({
  address: z.string().max(64),
  secure: z.boolean(),
  host: z.string().max(300),
  proxied: z.boolean(),
  mtls: z.boolean(),
  at: z.number().int(),
});

const sign = (key: Buffer, payload: string) => createHmac("sha256", key).update(payload).digest("base64url");

/**
 * The header value for a request this node forwards; undefined when the facts are not what the
 * owner accepts (a Host longer than any real one): such a request must not be forwarded, or the
 * owner would see it as coming from this node itself.
 */
export function peerHeader(key: Buffer, facts: PeerFacts, now = Date.now()): string | undefined {
  const checked = factsSchema.safeParse({ ...facts, at: now });
  if (!checked.success) return undefined;
  const payload = Buffer.from(JSON.stringify(checked.data)).toString("base64url");
  return `${payload}.${sign(key, payload)}`;
}

/** The facts a peer signed, or undefined when the header is absent, forged, malformed or stale. */
export function readPeerHeader(key: Buffer, req: IncomingMessage, now = Date.now()): PeerFacts | undefined {
  const value = req.headers[PEER_HEADER];
  if (typeof value !== "string" || value.length > 2_000) return undefined;
  const [payload, mac, extra] = value.split(".");
  if (!payload || !mac || extra !== undefined) return undefined;
  const expected = Buffer.from(sign(key, payload));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  let parsed;
  try {
    parsed = factsSchema.safeParse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
  } catch {
    return undefined;
  }
  if (!parsed.success || Math.abs(now - parsed.data.at) > MAX_AGE_MS) return undefined;
  const { at: _at, ...facts } = parsed.data;
  return facts;
}

