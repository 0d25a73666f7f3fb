/**
 * HTTPS and MTLS from certificates the test makes with openssl: the connector serves HTTPS and
 * WSS on one port with HSTS and Secure cookies, and never asks for a client certificate there;
 * with a CA bundle, MTLS has its own listener (--mtls-port) where API calls need a client
 * certificate it signed (none, or another CA's, is refused), while on the pages' port API-key
 * calls are refused naming the MTLS port and the pages and the customer's calls work as ever.
 * The real start (server.ts) refuses bad certificate arguments with one line and exit code 2.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import https from "node:https";
import type { TLSSocket } from "node:tls";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTlsSettings } from "../../lib/tls/https-server";
import { makeTestCertificates, STORE_PASSWORD, type TestCertificates } from "../support/certificates";
import { startConnector, type Connector } from "../support/harness";
import { BayeuxSocket } from "../support/websocket";

let certs: TestCertificates;
let c: Connector;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: any;
}

/** A request over TLS that trusts the test CA, with or without a client certificate. */
function tlsRequest(pathname: string, options: { method?: string; headers?: Record<string, string>; body?: string; client?: "ours" | "foreign"; port?: "main" | "mtls" } = {}): Promise<Reply> {
  const client = options.client === "ours" ? { cert: certs.clientCert, key: certs.clientKey } : options.client === "foreign" ? { cert: certs.foreignClientCert, key: certs.foreignClientKey } : {};
  const base = options.port === "mtls" ? c.app.mtlsUrl()! : c.url;
  return new Promise((resolve, reject) => {
    const req = https.request(`${base}${pathname}`, { method: options.method ?? "GET", headers: options.headers, ca: readFileSync(certs.caPem), agent: false, ...client }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json });
      });
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

const key = () => ({ authorization: `Bearer ${c.apiKey}` });

beforeAll(async () => {
  certs = makeTestCertificates();
  const tls = loadTlsSettings({ certStoreFile: certs.pfx, certStorePass: STORE_PASSWORD, certStoreType: "pkcs12", keyStoreFile: certs.caPem, mtlsPort: 0 });
  c = await startConnector({ tls });
});
afterAll(async () => {
  await c?.cleanup();
  certs?.remove();
});

describe("HTTPS from a PKCS12 store", () => {
  it("listens on https, with Strict-Transport-Security", async () => {
    expect(c.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const res = await tlsRequest("/healthz");
    expect(res.status).toBe(200);
    expect(res.headers["strict-transport-security"]).toBe("max-age=31536000");
  });

  it("sets Secure session cookies, and the Teams frame's is SameSite=None; Partitioned", async () => {
    const res = await tlsRequest("/signin", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "worker=kw1" });
    expect(res.status).toBe(303);
    const cookie = ([] as string[]).concat(res.headers["set-cookie"] ?? [])[0];
    expect(cookie.split("; ")).toEqual(expect.arrayContaining(["Secure", "SameSite=Lax", "HttpOnly"]));
    const out = await tlsRequest("/signout", { method: "POST", headers: { cookie: cookie.split(";")[0] } });
    const cleared = ([] as string[]).concat(out.headers["set-cookie"] ?? []);
    expect(cleared).toHaveLength(2);
    expect(cleared[1].split("; ")).toEqual(expect.arrayContaining(["SameSite=None", "Secure", "Partitioned", "Max-Age=0"]));
  });
});

describe("WSS on the same port", () => {
  it("a signed-in window handshakes over a secure WebSocket", async () => {
    const res = await tlsRequest("/signin", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "worker=kw2" });
    const cookie = ([] as string[]).concat(res.headers["set-cookie"] ?? [])[0].split(";")[0];
    const socket = await BayeuxSocket.open(c.url, { cookie, origin: c.url }, readFileSync(certs.caPem));
    try {
      expect(await socket.handshake()).toMatchObject({ successful: true });
    } finally {
      socket.drop();
    }
  });
});

/**
 * Whether the server asked for a client certificate in this handshake: a TLS client sends its
 * certificate only when asked (a CertificateRequest), so the server side holds one afterwards
 * exactly when it asked. The client here always has one to give.
 */
async function certificateRequested(port: "main" | "mtls"): Promise<boolean> {
  const server = port === "main" ? c.app.server : c.app.mtlsServer!;
  const seen = new Promise<boolean>((resolve) =>
    server.once("secureConnection", (socket: TLSSocket) => resolve(Object.keys(socket.getPeerCertificate() ?? {}).length > 0)),
  );
  await tlsRequest("/api/v1/openapi.json", { client: "ours", port });
  return seen;
}

describe("MTLS on its own listener (--key-store-file, --mtls-port)", () => {
  it("the pages' port never asks for a client certificate; the MTLS port does", async () => {
    expect(c.app.mtlsUrl()).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(c.app.mtlsUrl()).not.toBe(c.url);
    expect(await certificateRequested("main")).toBe(false);
    expect(await certificateRequested("mtls")).toBe(true);
  });

  it("on the pages' port an API-key call is refused, naming the MTLS port, certificate or not", async () => {
    for (const client of [undefined, "ours"] as const) {
      const res = await tlsRequest("/api/v1/workers/kw1", { headers: key(), client });
      expect(res.status).toBe(401);
      expect(res.json.error).toEqual({ code: "unauthorized", message: expect.stringContaining(c.app.mtlsUrl()!) });
    }
  });

  it("on the MTLS port: refuses the key without a client certificate, or with another CA's", async () => {
    const res = await tlsRequest("/api/v1/workers/kw1", { headers: key(), port: "mtls" });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: { code: "unauthorized", message: expect.stringMatching(/client certificate/) } });
    expect((await tlsRequest("/api/v1/workers/kw1", { headers: key(), client: "foreign", port: "mtls" })).status).toBe(401);
  });

  it("on the MTLS port: accepts the key with a client certificate the CA signed (and still needs the key)", async () => {
    const res = await tlsRequest("/api/v1/workers/kw1", { headers: key(), client: "ours", port: "mtls" });
    expect(res.status).toBe(200);
    expect(res.json.id).toBe("kw1");
    expect((await tlsRequest("/api/v1/workers/kw1", { client: "ours", port: "mtls" })).status).toBe(401);
  });

  it("the MTLS port serves /api/v1 and /cometd only, /cometd with a trusted certificate only", async () => {
    expect((await tlsRequest("/healthz", { client: "ours", port: "mtls" })).status).toBe(404);
    expect((await tlsRequest("/", { client: "ours", port: "mtls" })).status).toBe(404);
    const handshake = JSON.stringify([{ channel: "/meta/handshake", version: "1.0", supportedConnectionTypes: ["long-polling"] }]);
    const post = (client?: "ours" | "foreign") => tlsRequest("/cometd", { method: "POST", headers: { "content-type": "application/json" }, body: handshake, client, port: "mtls" });
    expect((await post()).status).toBe(401);
    expect((await post("foreign")).status).toBe(401);
    const reply = await post("ours");
    expect(reply.status).toBe(200);
    expect(reply.json[0]).toMatchObject({ channel: "/meta/handshake" });
  });

  it("never asks pages, the web client's calls or a customer's token for a certificate", async () => {
    expect((await tlsRequest("/api/kw/sign-in-options")).status).toBe(200);
    expect((await tlsRequest("/api/v1/openapi.json")).status).toBe(200);
    const created = await tlsRequest("/api/v1/interactions", { method: "POST", headers: { ...key(), "content-type": "application/json" }, body: JSON.stringify({ media: "chat", from: "Ann" }), client: "ours", port: "mtls" });
    expect(created.status).toBe(201);
    const asCustomer = await tlsRequest(`/api/v1/interactions/${created.json.id}`, { headers: { authorization: `Bearer ${created.json.customerToken}` } });
    expect(asCustomer.status).toBe(200);
  });

  it("the OpenAPI document says the API needs the client certificate", async () => {
    const doc = (await tlsRequest("/api/v1/openapi.json")).json;
    expect(doc.components.securitySchemes.clientCertificate).toMatchObject({ type: "mutualTLS" });
    expect(doc.paths["/api/v1/workers/{id}"].get.security).toEqual([{ apiKey: [], clientCertificate: [] }]);
  });
});

/** The environment without UCC_CONFIG: the demo configuration. */
function withoutConfig(): NodeJS.ProcessEnv {
  const { UCC_CONFIG: _ignored, ...rest } = process.env;
  return rest;
}

describe("npm start with bad certificate arguments", () => {
  const start = (args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", "server.ts", ...args], {
      cwd: path.resolve(__dirname, "..", ".."),
      encoding: "utf8",
      env: { ...withoutConfig(), PORT: "0", UCC_DATA_DIR: path.join(certs.dir, "data") },
      timeout: 30_000,
    });

  it.each<[string, () => string[], RegExp]>([
    ["a wrong password", () => ["--cert-store-file", certs.pfx, "--cert-store-pass", "nope"], /^ucc: certificate store .*server\.pfx: wrong password \(--cert-store-pass\)\n$/],
    ["a missing file", () => ["--cert-store-file", path.join(certs.dir, "missing.pfx"), "--cert-store-pass", "x"], /^ucc: certificate store .*missing\.pfx \(--cert-store-file\) does not exist\n$/],
    ["an expired certificate", () => ["--cert-store-file", certs.expiredPfx, "--cert-store-pass", STORE_PASSWORD], /^ucc: certificate store .*expired\.pfx: the certificate for CN=127\.0\.0\.1 expired on .*\n$/],
    ["a key that does not match", () => ["--cert-store-file", certs.mismatchedPem, "--cert-store-type", "pem"], /^ucc: certificate store .*mismatched\.pem: the private key does not match the certificate\n$/],
    ["an unknown store type", () => ["--cert-store-file", certs.pfx, "--cert-store-type", "jks"], /^ucc: --cert-store-type: "jks" is not pkcs12 or pem\n$/],
    ["MTLS without a port of its own", () => ["--cert-store-file", certs.pfx, "--cert-store-pass", STORE_PASSWORD, "--key-store-file", certs.caPem], /^ucc: --key-store-file needs --mtls-port N: .*\n$/],
    ["an MTLS port without a CA bundle", () => ["--cert-store-file", certs.pfx, "--cert-store-pass", STORE_PASSWORD, "--mtls-port", "8443"], /^ucc: --mtls-port needs --key-store-file .*\n$/],
    ["an MTLS port that is no port", () => ["--cert-store-file", certs.pfx, "--cert-store-pass", STORE_PASSWORD, "--key-store-file", certs.caPem, "--mtls-port", "70000"], /^ucc: --mtls-port: "70000" is not a port \(1-65535\)\n$/],
  ])("%s stops the start with one line and exit code 2", (_name, args, line) => {
    const run = start(args());
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(line);
  });

  it("MTLS behind trusted-proxies with TLS ended at the proxy stops the start with one line and exit code 2", () => {
    const config = path.join(certs.dir, "behind-proxy.json");
    writeFileSync(config, JSON.stringify({ "sign-in": "none", "trusted-proxies": ["10.0.0.0/8"], workers: [{ id: "kw1", name: "Alex" }] }));
    const run = spawnSync(process.execPath, ["--import", "tsx", "server.ts", "--key-store-file", certs.caPem, "--mtls-port", "8443"], {
      cwd: path.resolve(__dirname, "..", ".."),
      encoding: "utf8",
      env: { ...withoutConfig(), UCC_CONFIG: config, PORT: "0", UCC_DATA_DIR: path.join(certs.dir, "data") },
      timeout: 30_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^ucc: --key-store-file: MTLS cannot be checked behind trusted-proxies when TLS ends at the proxy; .*\n$/);
  });
});
