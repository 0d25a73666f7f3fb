/**
 * HTTPS (and WSS, on the same port) from the certificate store, and MTLS on a listener of its
 * own. NOTE: a server that requests a client certificate may make a browser ask its user to pick
 * one (or send one it holds); the pages' port therefore never requests one, and the MTLS port
 * (`--mtls-port`) carries only what the desktop companion and integrators call: /api/v1 and
 * /cometd. There a certificate is requested in every handshake but never required by TLS itself
 * (`rejectUnauthorized: false`): each request that must have one checks it
 * (`hasTrustedClientCertificate`) and gets a JSON 401 that says why.
 */
import type { IncomingMessage, RequestListener } from "node:http";
import https from "node:https";
import type { TLSSocket } from "node:tls";
import { loadCaBundle, loadCertStore, type CertStore } from "./cert-store";
import type { TlsArgs } from "./start-args";

export { HSTS_HEADER_VALUE } from "../http/security-headers";

export interface TlsSettings {
  store: CertStore;
  /** The CA bundle client certificates must chain to; unset: no MTLS. */
  clientCa: Buffer | undefined;
  /** The MTLS listener's port (0: any free one, for tests); set whenever clientCa is. */
  mtlsPort?: number;
}

/** Reads and checks everything the flags name; throws TlsConfigError with the line to print. */
export function loadTlsSettings(args: TlsArgs): TlsSettings {
  return {
    store: loadCertStore({ file: args.certStoreFile, pass: args.certStorePass, type: args.certStoreType }),
    clientCa: args.keyStoreFile ? loadCaBundle(args.keyStoreFile) : undefined,
    ...(args.mtlsPort !== undefined ? { mtlsPort: args.mtlsPort } : {}),
  };
}

/** The pages' HTTPS server: never asks for a client certificate. */
export function createHttpsServer(settings: TlsSettings, listener: RequestListener, serverOptions: https.ServerOptions = {}): https.Server {
  return https.createServer({ ...serverOptions, ...settings.store.options }, listener);
}

const VIA_MTLS_LISTENER = Symbol("ucc.viaMtlsListener");

/** The MTLS listener's server: requests a client certificate chaining to the CA bundle in every handshake. */
export function createMtlsServer(settings: TlsSettings, listener: RequestListener, serverOptions: https.ServerOptions = {}): https.Server {
  if (!settings.clientCa) throw new Error("MTLS needs the CA bundle (--key-store-file)");
  return https.createServer({ ...serverOptions, ...settings.store.options, ca: settings.clientCa, requestCert: true, rejectUnauthorized: false }, listener);
}

/** Marks a request (or upgrade) that came in on the MTLS listener; its handlers call this first. */
export function markViaMtlsListener(req: IncomingMessage): void {
  (req as IncomingMessage & { [VIA_MTLS_LISTENER]?: true })[VIA_MTLS_LISTENER] = true;
}

/** Whether the request came in on the MTLS listener. */
export function viaMtlsListener(req: IncomingMessage): boolean {
  return (req as IncomingMessage & { [VIA_MTLS_LISTENER]?: true })[VIA_MTLS_LISTENER] === true;
}

/** Whether the request came over TLS with a client certificate that chains to the configured CA. */
export function hasTrustedClientCertificate(req: IncomingMessage): boolean {
  if ((req as IncomingMessage & { [PEER_VERIFIED_CERT]?: true })[PEER_VERIFIED_CERT] === true) return true;
  const socket = req.socket as Partial<TLSSocket>;
  return socket.encrypted === true && socket.authorized === true;
}

const PEER_VERIFIED_CERT = Symbol("ucc.peerVerifiedCertificate");

/**
 * Several nodes: the node that forwarded this request verified the client's certificate on its
 * MTLS port (and signed that it did, lib/cluster/peer-info.ts).
 */
export function markPeerVerifiedCertificate(req: IncomingMessage): void {
  (req as IncomingMessage & { [PEER_VERIFIED_CERT]?: true })[PEER_VERIFIED_CERT] = true;
}

/** What the MTLS listener serves: the integration API and the desktop companion's Bayeux. */
export function servedOnMtlsListener(pathname: string): boolean {
  return pathname === "/cometd" || pathname.startsWith("/api/v1/");
}
