/**
 * Who sent a request (address, scheme, host), computed once at the top of the connector's
 * request and upgrade handlers and kept on the request, so that rate limits, logs, cookies' Secure
 * attribute, HSTS and the origin checks all read the same answer.
 */
import type { IncomingMessage } from "node:http";
import { PEER_HEADER, readPeerHeader } from "../cluster/peer-info";
import { markPeerVerifiedCertificate, markViaMtlsListener } from "../tls/https-server";
import { resolveClientInfo, type ClientInfo } from "./forwarded";
import type { Cidr } from "./ip";

export type { ClientInfo } from "./forwarded";

export interface EdgeSettings {
  /** Peers whose proxy headers are believed (`trusted-proxies`). */
  trustedProxies: readonly Cidr[];
  /** UCC_PUBLIC_URL's origin when it is set: the one origin the pages are served at. */
  publicOrigin?: string;
  /**
   * Several nodes: the key peers sign forwarded requests with (lib/cluster/peer-info.ts); what a
   * peer signed replaces what this node would work out from the connection, which is the peer's.
   */
  peerKey?: Buffer;
}

interface AttachedInfo extends ClientInfo {
  publicOrigin?: string;
}

const CLIENT_INFO = Symbol("ucc.clientInfo");
type WithInfo = IncomingMessage & { [CLIENT_INFO]?: AttachedInfo };

function factsOf(req: IncomingMessage) {
  return {
    peer: req.socket.remoteAddress,
    encrypted: Boolean((req.socket as { encrypted?: boolean }).encrypted),
    headers: req.headers,
  };
}

/** Works out and keeps what the request's client is; call once per request, before anything reads it. */
export function attachClientInfo(req: IncomingMessage, settings: EdgeSettings): ClientInfo {
  const peer = settings.peerKey ? readPeerHeader(settings.peerKey, req) : undefined;
  // NOTE: never passed on or read again: a header a client forged is dropped here, unread.
  delete req.headers[PEER_HEADER];
  let resolved: ClientInfo;
  if (peer) {
    const { mtls, ...client } = peer;
    resolved = client;
    if (mtls) {
      markViaMtlsListener(req);
      markPeerVerifiedCertificate(req);
    }
  } else resolved = resolveClientInfo(factsOf(req), settings.trustedProxies);
  const info: AttachedInfo = { ...resolved, publicOrigin: settings.publicOrigin };
  (req as WithInfo)[CLIENT_INFO] = info;
  return info;
}

/** The info attached to the request; for one that never went through the handlers (a unit test), no proxy is trusted. */
function infoOf(req: IncomingMessage): AttachedInfo {
  return (req as WithInfo)[CLIENT_INFO] ?? resolveClientInfo(factsOf(req), []);
}

/** The client's address as the trusted proxy reports it (else the TCP peer). */
export function clientAddress(req: IncomingMessage): string {
  return infoOf(req).address;
}

/** Whether the client's request came over TLS (to us, or to a trusted proxy that says so). */
export function isSecureRequest(req: IncomingMessage): boolean {
  return infoOf(req).secure;
}

/** The host the client addressed. */
export function requestHost(req: IncomingMessage): string {
  return infoOf(req).host;
}

/** Whether the request carries any proxy header (Forwarded, X-Forwarded-*, X-Real-IP). */
export function carriesProxyHeaders(req: IncomingMessage): boolean {
  return infoOf(req).proxied;
}

/** UCC_PUBLIC_URL's origin, when set. */
export function configuredPublicOrigin(req: IncomingMessage): string | undefined {
  return infoOf(req).publicOrigin;
}
