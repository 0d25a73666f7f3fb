/**
 * The desktop companion under MTLS (B11, --key-store-file): on the MTLS listener a client
 * certificate the configured CA signed whose subject CN names a worker proves that worker's
 * companion; a pairing credential then needs a trusted certificate too, and is refused on the
 * pages' port.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import https from "node:https";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { companionChannels } from "../../lib/companion/protocol";
import { loadTlsSettings } from "../../lib/tls/https-server";
import { makeTestCertificates, STORE_PASSWORD, type TestCertificates } from "../support/certificates";
import { startConnector, type Connector } from "../support/harness";

let certs: TestCertificates;
let c: Connector;
let kw1Cert: { cert: Buffer; key: Buffer };

/** A certificate for `cn` signed by the test CA (the CA's key is in the certificates' dir). */
function clientCertificate(cn: string): { cert: Buffer; key: Buffer } {
  const at = (name: string) => path.join(certs.dir, name);
  writeFileSync(at("companion.ext"), "extendedKeyUsage=clientAuth\n");
  const run = (...args: string[]) => execFileSync("openssl", args, { cwd: certs.dir, stdio: ["ignore", "pipe", "pipe"] });
  run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", at(`${cn}.key`), "-out", at(`${cn}.csr`), "-subj", `/CN=${cn}`);
  run("x509", "-req", "-in", at(`${cn}.csr`), "-CA", at("ca.pem"), "-CAkey", at("ca.key"), "-set_serial", "4242", "-out", at(`${cn}.pem`), "-days", "2", "-extfile", at("companion.ext"));
  return { cert: readFileSync(at(`${cn}.pem`)), key: readFileSync(at(`${cn}.key`)) };
}

/** Bayeux messages POSTed over TLS (to the MTLS listener unless told), with a client certificate or none. */
function bayeux(messages: object[], client?: { cert: Buffer; key: Buffer }, port: "mtls" | "main" = "mtls"): Promise<any[]> {
  const base = port === "mtls" ? c.app.mtlsUrl()! : c.url;
  return new Promise((resolve, reject) => {
    const req = https.request(`${base}/cometd`, { method: "POST", headers: { "content-type": "application/json" }, ca: readFileSync(certs.caPem), agent: false, ...(client ?? {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        resolve(Array.isArray(body) ? body : [{ successful: false, status: res.statusCode, body }]);
      });
    });
    req.on("error", reject);
    req.end(JSON.stringify(messages));
  });
}
const handshake = (client?: { cert: Buffer; key: Buffer }, ext?: object, port?: "mtls" | "main") =>
  bayeux([{ channel: "/meta/handshake", version: "1.0", supportedConnectionTypes: ["long-polling"], ...(ext ? { ext } : {}) }], client, port).then((r) => r[0]);

beforeAll(async () => {
  certs = makeTestCertificates();
  kw1Cert = clientCertificate("kw1");
  const tls = loadTlsSettings({ certStoreFile: certs.pfx, certStorePass: STORE_PASSWORD, certStoreType: "pkcs12", keyStoreFile: certs.caPem, mtlsPort: 0 });
  c = await startConnector({ tls });
}, 60_000);
afterAll(async () => {
  await c?.cleanup();
  certs?.remove();
});

describe("a companion proven by its client certificate", () => {
  it("handshakes with a certificate naming the worker, and reaches that worker's companion channels only", async () => {
    const hs = await handshake(kw1Cert);
    expect(hs).toMatchObject({ successful: true });
    const [own] = await bayeux([{ channel: "/meta/subscribe", clientId: hs.clientId, subscription: companionChannels.down("kw1") }], kw1Cert);
    expect(own).toMatchObject({ successful: true });
    const [other] = await bayeux([{ channel: "/meta/subscribe", clientId: hs.clientId, subscription: companionChannels.down("kw2") }], kw1Cert);
    expect(other).toMatchObject({ successful: false });
    const [published] = await bayeux([{ channel: companionChannels.up("kw1"), clientId: hs.clientId, data: { type: "heartbeat", seq: 1 } }], kw1Cert);
    expect(published).toMatchObject({ successful: true });
  });

  it("is refused with a certificate that names no worker, or another CA's", async () => {
    expect(await handshake({ cert: certs.clientCert, key: certs.clientKey })).toMatchObject({ successful: false });
    expect(await handshake({ cert: certs.foreignClientCert, key: certs.foreignClientKey })).toMatchObject({ successful: false });
  });

  it("a pairing credential needs a trusted certificate too: refused on the pages' port", async () => {
    // NOTE: paired through the service (the routes are tested over plain HTTP elsewhere).
    const pairing = c.app.deps.companion!.pairing;
    const credential = await pairing.pair("kw2", (await pairing.newCode("kw2")).code);
    const ext = { companion: { worker: "kw2", credential } };
    expect(await handshake(undefined, ext, "main")).toMatchObject({ successful: false });
    expect(await handshake(undefined, ext)).toMatchObject({ successful: false });
    expect(await handshake({ cert: certs.clientCert, key: certs.clientKey }, ext)).toMatchObject({ successful: true });
  });
});
