/** What `npm start` prints once the connector listens: where it is, its keys, how to sign in. */
import { OIDC_CALLBACK_PATH } from "../auth/sign-in-services";
import type { TlsSettings } from "../tls/https-server";
import type { resolveApiKey } from "./api-key";
import type { LoadedConfig } from "./load";

export function startBanner(options: {
  url: string;
  /** The MTLS listener's URL (--mtls-port), when MTLS is on. */
  mtlsUrl?: string;
  publicUrl: string;
  loaded: LoadedConfig;
  dataDir: string;
  apiKey: ReturnType<typeof resolveApiKey> | undefined;
  tls: TlsSettings | undefined;
}): string {
  const { loaded, apiKey, tls, publicUrl } = options;
  const config = loaded.config;
  const lines = [
    `UC Connector ready at ${options.url}`,
    ...(publicUrl !== options.url ? [`  public URL:    ${publicUrl}`] : []),
    `  configuration: ${loaded.file}${loaded.isDemo ? " (demo)" : ""}`,
    `  data:          ${options.dataDir}`,
    `  invitations:   ${config.im.gateways.map((g) => g.type).join(", ")} (links to ${publicUrl}/extension?invitation=…)`,
  ];
  if (tls) {
    const cert = tls.store.certificate;
    lines.push(`  TLS:           ${cert.subject.replace(/\n/g, ", ")}, valid until ${new Date(cert.validTo).toISOString()}`);
    lines.push(
      `  MTLS:          ${tls.clientCa ? `${options.mtlsUrl ?? "(not listening)"}: /api/v1 and the desktop companion's /cometd, with a client certificate signed by the --key-store-file CA` : "off (no --key-store-file)"}`,
    );
  }
  const named = config["api-keys"] ?? [];
  if (apiKey) {
    lines.push(`  API key:       ${apiKey.source === "env" ? "from UCC_API_KEY" : `${apiKey.key}  (${apiKey.source === "generated" ? "generated" : "kept"} in ${apiKey.file})`}`);
  }
  if (named.length) lines.push(`  API keys:      ${named.map((k) => k.name).join(", ")} (from the configuration)`);
  if (config["sign-in"] === "dev") {
    lines.push("  sign in as:    " + config.workers.map((w) => `${options.url}/signin?worker=${w.id}`).join("\n                 "));
  }
  if (config["sign-in"] === "oidc" && config.oidc) {
    lines.push(`  sign in:       ${publicUrl}/signin (OpenID Connect, ${config.oidc.issuer})`);
    lines.push(`  redirect URI:  ${publicUrl}${OIDC_CALLBACK_PATH} (register it at the identity provider)`);
  }
  if (config["teams-sso"]) lines.push(`  Teams SSO:     client ${config["teams-sso"]["client-id"]}, ${config["teams-sso"].tenants.length} tenant(s)`);
  return `\n${lines.join("\n")}\n\n`;
}
