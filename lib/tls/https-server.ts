/**
 * HTTPS (and WSS, on the same port) from the certificate store, with MTLS for the callers that
 * need it. NOTE: a certificate is requested in every handshake but never required there
 * (`rejectUnauthorized: false`): pages load without one, and each request that must come with
 * one (the integration API's) checks it (`hasTrustedClientCertificate`).
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
}

/** Reads and checks everything the flags name; throws TlsConfigError with the line to print. */
export function loadTlsSettings(args: TlsArgs): TlsSettings {
  return {
    store: loadCertStore({ file: args.certStoreFile, pass: args.certStorePass, type: args.certStoreType }),
    clientCa: args.keyStoreFile ? loadCaBundle(args.keyStoreFile) : undefined,
  };
}

export function createHttpsServer(settings: TlsSettings, listener: RequestListener, serverOptions: https.ServerOptions = {}): https.Server {
  return https.createServer(
    {
      ...serverOptions,
      ...settings.store.options,
      ...(settings.clientCa ? { ca: settings.clientCa, requestCert: true, rejectUnauthorized: false } : {}),
    },
    listener,
  );
}

/** Whether the request came over TLS with a client certificate that chains to the configured CA. */
export function hasTrustedClientCertificate(req: IncomingMessage): boolean {
  const socket = req.socket as Partial<TLSSocket>;
  return socket.encrypted === true && socket.authorized === true;
}
