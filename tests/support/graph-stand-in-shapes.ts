/**
 * Graph's and Entra's documented shapes as the Graph stand-in (./graph-stand-in.ts) checks them:
 * the client assertion of a certificate credential, ISO 8601 durations, Graph's error body.
 */
import { createHash, randomUUID, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { decodeProtectedHeader, importX509, jwtVerify } from "jose";
import type { TestCertificates } from "./certificates";

/** The app registration's certificate credential: the test CA's client certificate and its key. */
export function appCertificate(certificates: TestCertificates): { pem: string; keyFile: string; thumbprintSha256: string } {
  const pem = readFileSync(path.join(certificates.dir, "client.pem"), "utf8");
  return { pem, keyFile: path.join(certificates.dir, "client.key"), thumbprintSha256: new X509Certificate(pem).fingerprint256.replace(/:/g, "").toLowerCase() };
}

export function graphError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify({ error: { code, message, innerError: { date: new Date().toISOString(), "request-id": randomUUID() } } }));
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** ISO 8601 duration in minutes, for PTnM / PTnH / PTnHmM; undefined when not one. */
export function durationMinutes(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(value);
  if (!match || (!match[1] && !match[2])) return undefined;
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
}

/**
 * RFC 7523 client assertion as Entra checks it: signed by the registered certificate, x5t#S256
 * naming it, aud the token endpoint. NOTE: msal rounds its nbf to the nearest second (up to 0.5 s
 * ahead); Entra allows 5 minutes of clock skew, and so does this.
 */
export async function assertionProblem(appCertPem: string, clientId: string, form: URLSearchParams, tokenEndpoint: string): Promise<string | undefined> {
  if (form.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer") return "client_assertion_type";
  const assertion = form.get("client_assertion") ?? "";
  try {
    const header = decodeProtectedHeader(assertion);
    const der = new X509Certificate(appCertPem).raw;
    if (header["x5t#S256"] !== createHash("sha256").update(der).digest("base64url")) return "client_assertion (x5t#S256)";
    const { payload } = await jwtVerify(assertion, await importX509(appCertPem, String(header.alg)), { audience: tokenEndpoint, issuer: clientId, subject: clientId, clockTolerance: 300 });
    return payload.exp ? undefined : "client_assertion (exp)";
  } catch (error) {
    return `client_assertion (${(error as Error).message})`;
  }
}
