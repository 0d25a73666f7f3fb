/**
 * The desktop companion over TLS: it pairs over https trusting the connector's private CA through
 * NODE_EXTRA_CA_CERTS, and on the MTLS listener a client certificate naming the worker is all it
 * needs (--cert/--key); without one, that listener refuses it in one line.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import https from "node:https";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTlsSettings } from "../../lib/tls/https-server";
import { startBaresip, type Baresip } from "../support/baresip";
import { makeTestCertificates, STORE_PASSWORD, type TestCertificates } from "../support/certificates";
import { startCompanion, type CompanionProcess } from "../support/companion-process";
import { startConnector, tempDir, type Connector } from "../support/harness";

let certs: TestCertificates;
let connector: Connector;
let phone: Baresip;
const running: CompanionProcess[] = [];
const dir = tempDir("ucc-companion-tls-");

function post(url: string, headers: Record<string, string>, body: string | undefined, method = "POST", client: { cert?: Buffer; key?: Buffer } = {}): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, headers, ca: readFileSync(certs.caPem), agent: false, ...client }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

beforeAll(async () => {
  certs = makeTestCertificates();
  // A client certificate naming worker kw1, signed by the CA the MTLS listener trusts.
  const at = (name: string) => path.join(certs.dir, name);
  writeFileSync(at("kw1.ext"), "extendedKeyUsage=clientAuth\n");
  execFileSync("openssl", ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", at("kw1.key"), "-out", at("kw1.csr"), "-subj", "/CN=kw1"], { stdio: "ignore" });
  execFileSync("openssl", ["x509", "-req", "-in", at("kw1.csr"), "-CA", at("ca.pem"), "-CAkey", at("ca.key"), "-set_serial", "77", "-out", at("kw1.pem"), "-days", "2", "-extfile", at("kw1.ext")], { stdio: "ignore" });
  const tls = loadTlsSettings({ certStoreFile: certs.pfx, certStorePass: STORE_PASSWORD, certStoreType: "pkcs12", keyStoreFile: certs.caPem, mtlsPort: 0 });
  connector = await startConnector({ tls });
  phone = await startBaresip({ role: "tone", user: "kw1", driver: false });
}, 60_000);

afterAll(async () => {
  for (const companion of running) await companion.stop();
  await connector?.cleanup();
  await phone?.stop();
  certs?.remove();
});

const run = (args: string[]) => {
  const companion = startCompanion(args, { NODE_EXTRA_CA_CERTS: certs.caPem });
  running.push(companion);
  return companion;
};

describe("the desktop companion over TLS", () => {
  it("pairs over https with the CA from NODE_EXTRA_CA_CERTS; the MTLS listener then wants its certificate", async () => {
    const signIn = await post(`${connector.url}/signin`, { "content-type": "application/x-www-form-urlencoded" }, "worker=kw1");
    const cookie = String((signIn.headers["set-cookie"] as string[])[0]).split(";")[0];
    const code = JSON.parse((await post(`${connector.url}/api/kw/companion/pairing-code`, { cookie }, "")).text).code as string;

    const companion = run(["--url", connector.app.mtlsUrl()!, "--worker", "kw1", "--softphone", phone.ctrlUrl, "--pairing-code", code, "--config", path.join(dir, "a.json")]);
    // NOTE: the MTLS listener serves only /api/v1 and /cometd: pairing is done on the main URL.
    expect(await companion.exited).toBe(1);
    expect(companion.stderr().trim()).toMatch(/^companion: https:\/\/127\.0\.0\.1:\d+ does not pair desktop companions \(.*\): pair on the connector's main URL$/);

    const paired = run(["--url", connector.url, "--worker", "kw1", "--softphone", phone.ctrlUrl, "--pairing-code", code, "--config", path.join(dir, "b.json")]);
    await paired.line(/^paired: worker kw1's companion credential saved/);
    // With MTLS configured, a companion without a client certificate is refused.
    expect(await paired.exited).toBe(1);
    expect(paired.stderr().trim()).toMatch(/^companion: the connector refused the companion of worker kw1 \(.*\): unknown worker, or the pairing was undone; pair again with --pairing-code$/);
  }, 60_000);

  it("connects on the MTLS listener with a client certificate naming the worker", async () => {
    const companion = run(["--url", connector.app.mtlsUrl()!, "--worker", "kw1", "--softphone", phone.ctrlUrl, "--cert", path.join(certs.dir, "kw1.pem"), "--key", path.join(certs.dir, "kw1.key"), "--config", path.join(dir, "c.json")]);
    await companion.line(/^test: the connector answered in \d+ ms/);
    await companion.line(/^kw1 \| connector: connected \| softphone: ready \| call: none$/);
    const worker = await post(`${connector.app.mtlsUrl()}/api/v1/workers/kw1`, { authorization: `Bearer ${connector.apiKey}` }, undefined, "GET", { cert: certs.clientCert, key: certs.clientKey });
    expect(JSON.parse(worker.text)).toMatchObject({ companion: { connected: true, softphone: "ready" } });
  }, 60_000);
});
