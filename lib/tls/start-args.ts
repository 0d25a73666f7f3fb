/**
 * The connector's start-up flags (shared/CONTRACT.md "Running"): `--dev`, and the source
 * documents' certificate arguments `--cert-store-file F --cert-store-pass P
 * --cert-store-type pkcs12|pem`, `--key-store-file F` (the CA bundle for client certificates) and
 * `--mtls-port N` (the port MTLS is served on: never the pages' port, so that browsers are never
 * asked for a certificate).
 */
import { parseArgs } from "node:util";
import { TlsConfigError, type CertStoreType } from "./cert-store";

export interface TlsArgs {
  certStoreFile: string;
  certStorePass: string | undefined;
  certStoreType: CertStoreType;
  /** A PEM CA bundle: API calls and the desktop companion then need a client certificate it signed. */
  keyStoreFile: string | undefined;
  /** The port of the MTLS listener (/api/v1 and /cometd for the desktop companion); set with keyStoreFile. */
  mtlsPort: number | undefined;
}

/** What the configuration says that bears on the flags. */
export interface StartArgsContext {
  /** `trusted-proxies` is set: a proxy in front may end TLS. */
  behindProxy?: boolean;
}

export interface StartArgs {
  dev: boolean;
  tls: TlsArgs | undefined;
}

/** Reads the flags; a wrong one is a TlsConfigError naming it (the start prints it and exits with 2). */
export function parseStartArgs(argv: readonly string[], passFromEnv?: string, context: StartArgsContext = {}): StartArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        dev: { type: "boolean", default: false },
        "cert-store-file": { type: "string" },
        "cert-store-pass": { type: "string" },
        "cert-store-type": { type: "string" },
        "key-store-file": { type: "string" },
        "mtls-port": { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new TlsConfigError(`start-up arguments: ${(error as Error).message.split("\n")[0]}`);
  }
  const file = values["cert-store-file"] as string | undefined;
  const type = (values["cert-store-type"] as string | undefined) ?? "pkcs12";
  if (type !== "pkcs12" && type !== "pem") throw new TlsConfigError(`--cert-store-type: "${type}" is not pkcs12 or pem`);
  const keyStoreFile = values["key-store-file"] as string | undefined;
  const mtlsPortText = values["mtls-port"] as string | undefined;
  if (!file && context.behindProxy && (keyStoreFile !== undefined || mtlsPortText !== undefined)) {
    throw new TlsConfigError(
      "--key-store-file: MTLS cannot be checked behind trusted-proxies when TLS ends at the proxy; give the connector its own certificate (--cert-store-file) and expose --mtls-port directly",
    );
  }
  if (!file) {
    for (const flag of ["cert-store-pass", "cert-store-type", "key-store-file", "mtls-port"]) {
      if (values[flag] !== undefined) throw new TlsConfigError(`--${flag} needs --cert-store-file (the certificate the connector serves HTTPS with)`);
    }
    return { dev: Boolean(values.dev), tls: undefined };
  }
  if (keyStoreFile !== undefined && mtlsPortText === undefined) {
    throw new TlsConfigError("--key-store-file needs --mtls-port N: MTLS is served on a port of its own, so that browsers on the pages' port are never asked for a certificate");
  }
  if (mtlsPortText !== undefined && keyStoreFile === undefined) {
    throw new TlsConfigError("--mtls-port needs --key-store-file (the CA bundle client certificates must chain to)");
  }
  const mtlsPort = mtlsPortText === undefined ? undefined : Number(mtlsPortText);
  if (mtlsPort !== undefined && !(/^\d{1,5}$/.test(mtlsPortText!) && mtlsPort >= 1 && mtlsPort <= 65_535)) {
    throw new TlsConfigError(`--mtls-port: "${mtlsPortText}" is not a port (1-65535)`);
  }
  return {
    dev: Boolean(values.dev),
    tls: {
      certStoreFile: file,
      certStorePass: (values["cert-store-pass"] as string | undefined) ?? passFromEnv,
      certStoreType: type,
      keyStoreFile,
      mtlsPort,
    },
  };
}
