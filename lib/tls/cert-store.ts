/**
 * The certificate store the connector serves HTTPS with, and the CA bundle it checks client
 * certificates against, read and checked once at start. Every problem is one TlsConfigError
 * whose message is the line the start prints (exit code 2).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { createSecureContext, TLSSocket, type SecureContextOptions } from "node:tls";
import { X509Certificate } from "node:crypto";

export type CertStoreType = "pkcs12" | "pem";

export class TlsConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TlsConfigError";
  }
}

export interface CertStore {
  /** What node:tls takes: `pfx` (PKCS12) or `cert` and `key` (PEM), with the passphrase. */
  options: SecureContextOptions;
  /** The server's own certificate (the first of the chain). */
  certificate: X509Certificate;
}

function read(file: string, what: string, flag: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "does not exist" : code === "EACCES" ? "cannot be read (permission denied)" : `cannot be read (${code ?? "error"})`;
    throw new TlsConfigError(`${what} ${file} (${flag}) ${why}`);
  }
}

/** Reads the store, checks the password, that the key matches the certificate and that the certificate is valid now. */
export function loadCertStore(options: { file: string; pass: string | undefined; type: CertStoreType; now?: Date }): CertStore {
  const file = path.resolve(options.file);
  const label = `certificate store ${file}`;
  const data = read(file, "certificate store", "--cert-store-file");
  const tlsOptions: SecureContextOptions =
    options.type === "pkcs12"
      ? { pfx: data, passphrase: options.pass ?? "" }
      : { cert: data, key: data, ...(options.pass !== undefined ? { passphrase: options.pass } : {}) };
  let certificate: X509Certificate;
  try {
    const context = createSecureContext(tlsOptions);
    // NOTE: a server-side socket that never connects is the public way to read the certificate a context holds.
    const probe = new TLSSocket(null as never, { secureContext: context, isServer: true });
    const raw = probe.getCertificate();
    probe.destroy();
    if (!raw || !("raw" in raw) || !raw.raw) throw new TlsConfigError(`${label}: holds no certificate`);
    certificate = new X509Certificate(raw.raw);
  } catch (error) {
    throw error instanceof TlsConfigError ? error : new TlsConfigError(`${label}: ${explain(error, options.type)}`);
  }
  const now = options.now ?? new Date();
  if (new Date(certificate.validTo) <= now) {
    throw new TlsConfigError(`${label}: the certificate for ${certificate.subject.replace(/\n/g, ", ")} expired on ${new Date(certificate.validTo).toISOString()}`);
  }
  if (new Date(certificate.validFrom) > now) {
    throw new TlsConfigError(`${label}: the certificate is not valid before ${new Date(certificate.validFrom).toISOString()}`);
  }
  return { options: tlsOptions, certificate };
}

/** What OpenSSL's complaint means for the person starting the connector. */
function explain(error: unknown, type: CertStoreType): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code ?? "";
  if (/mac verify failure|bad decrypt|BAD_DECRYPT|MAC_VERIFY/i.test(message + code)) return "wrong password (--cert-store-pass)";
  if (/KEY_VALUES_MISMATCH|key values mismatch/i.test(message + code)) return "the private key does not match the certificate";
  if (/no start line|NO_START_LINE/i.test(message + code)) {
    return type === "pem" ? "holds no PEM certificate and private key (is it PKCS12? use --cert-store-type pkcs12)" : "is not a PKCS12 file";
  }
  if (/not enough data|wrong tag|ASN1|header too long|unsupported/i.test(message)) {
    return type === "pkcs12" ? "is not a PKCS12 file (is it PEM? use --cert-store-type pem)" : `cannot be read as PEM (${message})`;
  }
  return message;
}

/** Reads a PEM CA bundle for client certificates; at least one CA certificate, none expired. */
export function loadCaBundle(fileArg: string, now = new Date()): Buffer {
  const file = path.resolve(fileArg);
  const data = read(file, "CA bundle", "--key-store-file");
  const blocks = data.toString("utf8").match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new TlsConfigError(`CA bundle ${file} (--key-store-file): holds no PEM certificate`);
  for (const block of blocks) {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(block);
    } catch (error) {
      throw new TlsConfigError(`CA bundle ${file} (--key-store-file): a certificate cannot be read (${(error as Error).message})`);
    }
    if (new Date(cert.validTo) <= now) {
      throw new TlsConfigError(`CA bundle ${file} (--key-store-file): the CA certificate ${cert.subject.replace(/\n/g, ", ")} expired on ${new Date(cert.validTo).toISOString()}`);
    }
  }
  return data;
}
