/** The certificate store and CA bundle checks: each problem is one line naming the file and what is wrong. */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCaBundle, loadCertStore, TlsConfigError } from "../../lib/tls/cert-store";
import { parseStartArgs } from "../../lib/tls/start-args";
import { makeTestCertificates, STORE_PASSWORD, type TestCertificates } from "../support/certificates";

let certs: TestCertificates;
beforeAll(() => {
  certs = makeTestCertificates();
});
afterAll(() => certs.remove());

const failure = (load: () => unknown): string => {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(TlsConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain("\n");
    return message;
  }
  throw new Error("it loaded");
};

describe("loadCertStore", () => {
  it("reads a PKCS12 store with its password, and a PEM store", () => {
    const pfx = loadCertStore({ file: certs.pfx, pass: STORE_PASSWORD, type: "pkcs12" });
    expect(pfx.certificate.subject).toContain("CN=127.0.0.1");
    expect(loadCertStore({ file: certs.pemStore, pass: undefined, type: "pem" }).certificate.subject).toContain("CN=127.0.0.1");
  });

  it.each<[string, () => unknown, RegExp]>([
    ["a wrong password", () => loadCertStore({ file: certs.pfx, pass: "wrong", type: "pkcs12" }), /server\.pfx: wrong password \(--cert-store-pass\)$/],
    ["no password", () => loadCertStore({ file: certs.pfx, pass: undefined, type: "pkcs12" }), /wrong password/],
    ["a missing file", () => loadCertStore({ file: "/nonexistent/store.pfx", pass: "x", type: "pkcs12" }), /^certificate store \/nonexistent\/store\.pfx \(--cert-store-file\) does not exist$/],
    ["an expired certificate", () => loadCertStore({ file: certs.expiredPfx, pass: STORE_PASSWORD, type: "pkcs12" }), /expired\.pfx: the certificate for CN=127\.0\.0\.1 expired on \d{4}-/],
    ["a key that does not match", () => loadCertStore({ file: certs.mismatchedPem, pass: undefined, type: "pem" }), /mismatched\.pem: the private key does not match the certificate$/],
    ["PKCS12 read as PEM", () => loadCertStore({ file: certs.pfx, pass: STORE_PASSWORD, type: "pem" }), /use --cert-store-type pkcs12/],
    ["PEM read as PKCS12", () => loadCertStore({ file: certs.pemStore, pass: STORE_PASSWORD, type: "pkcs12" }), /not a PKCS12 file/],
  ])("refuses %s in one line", (_name, load, expected) => {
    expect(failure(load)).toMatch(expected);
  });
});

describe("loadCaBundle", () => {
  it("reads a PEM CA bundle", () => {
    expect(loadCaBundle(certs.caPem).toString()).toContain("BEGIN CERTIFICATE");
  });

  it("refuses a file with no certificate, and a missing one", () => {
    const empty = path.join(certs.dir, "empty.pem");
    writeFileSync(empty, "nothing here\n");
    expect(failure(() => loadCaBundle(empty))).toMatch(/empty\.pem \(--key-store-file\): holds no PEM certificate$/);
    expect(failure(() => loadCaBundle("/nonexistent/ca.pem"))).toMatch(/does not exist$/);
  });
});

describe("parseStartArgs", () => {
  it("reads the source documents' certificate arguments", () => {
    expect(parseStartArgs(["--cert-store-file", "s.pfx", "--cert-store-pass", "p", "--cert-store-type", "pkcs12", "--key-store-file", "ca.pem", "--mtls-port", "8443"])).toEqual({
      dev: false,
      tls: { certStoreFile: "s.pfx", certStorePass: "p", certStoreType: "pkcs12", keyStoreFile: "ca.pem", mtlsPort: 8443 },
    });
    expect(parseStartArgs(["--cert-store-file", "s.pfx"]).tls).toMatchObject({ keyStoreFile: undefined, mtlsPort: undefined });
    expect(parseStartArgs(["--dev"])).toEqual({ dev: true, tls: undefined });
    expect(parseStartArgs(["--cert-store-file", "s.pem", "--cert-store-type", "pem"], "from-env").tls).toMatchObject({ certStoreType: "pem", certStorePass: "from-env" });
  });

  it.each([
    [["--cert-store-type", "jks", "--cert-store-file", "f"], /"jks" is not pkcs12 or pem/],
    [["--key-store-file", "ca.pem"], /--key-store-file needs --cert-store-file/],
    [["--cert-store-file", "f", "--key-store-file", "ca.pem"], /^--key-store-file needs --mtls-port N: MTLS is served on a port of its own/],
    [["--cert-store-file", "f", "--mtls-port", "8443"], /^--mtls-port needs --key-store-file/],
    [["--cert-store-file", "f", "--key-store-file", "ca.pem", "--mtls-port", "0"], /"0" is not a port/],
    [["--cert-store-file", "f", "--key-store-file", "ca.pem", "--mtls-port", "84x"], /"84x" is not a port/],
    [["--mtls-port", "8443"], /--mtls-port needs --cert-store-file/],
    [["--cert-store-fil", "x"], /start-up arguments: .*cert-store-fil/],
    [["stray"], /start-up arguments/],
  ])("refuses %j", (argv, expected) => {
    expect(failure(() => parseStartArgs(argv))).toMatch(expected);
  });

  it("behind trusted-proxies with no TLS of its own, MTLS cannot be checked", () => {
    expect(failure(() => parseStartArgs(["--key-store-file", "ca.pem", "--mtls-port", "8443"], undefined, { behindProxy: true }))).toMatch(
      /^--key-store-file: MTLS cannot be checked behind trusted-proxies when TLS ends at the proxy/,
    );
  });
});
