/**
 * Certificates made by the test with openssl, in a temp dir: a CA, a server certificate for
 * 127.0.0.1 signed by it (as PKCS12 with a password, and as PEM), a client certificate it signed,
 * and a client certificate of another CA; plus an expired server certificate and a PEM store
 * whose key does not match its certificate.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const STORE_PASSWORD = "store-password-1";

export interface TestCertificates {
  dir: string;
  caPem: string;
  /** server.pfx (PKCS12, STORE_PASSWORD) and server-store.pem (chain + key, unencrypted). */
  pfx: string;
  pemStore: string;
  expiredPfx: string;
  mismatchedPem: string;
  clientCert: Buffer;
  clientKey: Buffer;
  foreignClientCert: Buffer;
  foreignClientKey: Buffer;
  remove(): void;
}

export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ucc-certs-"));
  const at = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  const ext = (name: string, text: string) => (writeFileSync(at(name), text), at(name));

  const ca = (name: string, cn: string) => openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", at(`${name}.key`), "-out", at(`${name}.pem`), "-days", "2", "-subj", `/CN=${cn}`);
  const signed = (name: string, cn: string, caName: string, extFile: string, days = "2") => {
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", at(`${name}.key`), "-out", at(`${name}.csr`), "-subj", `/CN=${cn}`);
    openssl("x509", "-req", "-in", at(`${name}.csr`), "-CA", at(`${caName}.pem`), "-CAkey", at(`${caName}.key`), "-set_serial", String(Date.now() % 1e9), "-out", at(`${name}.pem`), "-days", days, "-extfile", extFile);
  };

  ca("ca", "UCC Test CA");
  ca("other-ca", "Some Other CA");
  const serverExt = ext("server.ext", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  const clientExt = ext("client.ext", "extendedKeyUsage=clientAuth\n");
  signed("server", "127.0.0.1", "ca", serverExt);
  signed("client", "routing-engine", "ca", clientExt);
  signed("foreign-client", "routing-engine", "other-ca", clientExt);
  // NOTE: x509 -days -1 makes a certificate that expired a day before it was made.
  signed("expired", "127.0.0.1", "ca", serverExt, "-1");

  openssl("pkcs12", "-export", "-inkey", at("server.key"), "-in", at("server.pem"), "-certfile", at("ca.pem"), "-out", at("server.pfx"), "-passout", `pass:${STORE_PASSWORD}`);
  openssl("pkcs12", "-export", "-inkey", at("expired.key"), "-in", at("expired.pem"), "-out", at("expired.pfx"), "-passout", `pass:${STORE_PASSWORD}`);
  writeFileSync(at("server-store.pem"), readFileSync(at("server.pem"), "utf8") + readFileSync(at("ca.pem"), "utf8") + readFileSync(at("server.key"), "utf8"));
  writeFileSync(at("mismatched.pem"), readFileSync(at("server.pem"), "utf8") + readFileSync(at("client.key"), "utf8"));

  return {
    dir,
    caPem: at("ca.pem"),
    pfx: at("server.pfx"),
    pemStore: at("server-store.pem"),
    expiredPfx: at("expired.pfx"),
    mismatchedPem: at("mismatched.pem"),
    clientCert: readFileSync(at("client.pem")),
    clientKey: readFileSync(at("client.key")),
    foreignClientCert: readFileSync(at("foreign-client.pem")),
    foreignClientKey: readFileSync(at("foreign-client.key")),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
