/**
 * The connector's start-up flags (shared/CONTRACT.md "Running"): `--dev`, and the source
 * documents' certificate arguments `--cert-store-file F --cert-store-pass P
 * --cert-store-type pkcs12|pem` and `--key-store-file F` (the CA bundle for client certificates).
 */
import { parseArgs } from "node:util";
import { TlsConfigError, type CertStoreType } from "./cert-store";

export interface TlsArgs {
  certStoreFile: string;
  certStorePass: string | undefined;
  certStoreType: CertStoreType;
  /** A PEM CA bundle: API calls and the desktop companion then need a client certificate it signed. */
  keyStoreFile: string | undefined;
}

export interface StartArgs {
  dev: boolean;
  tls: TlsArgs | undefined;
}

/** Reads the flags; a wrong one is a TlsConfigError naming it (the start prints it and exits with 2). */
export function parseStartArgs(argv: readonly string[], passFromEnv?: string): StartArgs {
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
  if (!file) {
    for (const flag of ["cert-store-pass", "cert-store-type", "key-store-file"]) {
      if (values[flag] !== undefined) throw new TlsConfigError(`--${flag} needs --cert-store-file (the certificate the connector serves HTTPS with)`);
    }
    return { dev: Boolean(values.dev), tls: undefined };
  }
  return {
    dev: Boolean(values.dev),
    tls: {
      certStoreFile: file,
      certStorePass: (values["cert-store-pass"] as string | undefined) ?? passFromEnv,
      certStoreType: type,
      keyStoreFile: values["key-store-file"] as string | undefined,
    },
  };
}
