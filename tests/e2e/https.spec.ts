/**
 * The connector started as `npm start -- --cert-store-file server.pfx --cert-store-pass …
 * --key-store-file ca.pem --mtls-port N` with certificates the test makes with openssl: it serves
 * the client over HTTPS (and WSS) without asking the browser for a certificate, with HSTS; MTLS is
 * on port N, which refuses an API call without a client certificate and accepts one with a
 * certificate its CA signed, while the pages' port refuses API-key calls (MTLS is required).
 */
import { readFileSync } from "node:fs";
import https from "node:https";
import { makeTestCertificates, STORE_PASSWORD, type TestCertificates } from "../support/certificates";
import { KwClientPage } from "./pages/kw-client";
import { Connector, freePort } from "./support/connector";
import { expect, test } from "./support/fixtures";

// NOTE: Chromium does not know the test's CA; what is checked here is the connector, not the trust store.
test.use({ ignoreHTTPSErrors: true });

let certs: TestCertificates;
let secure: Connector;
let mtlsUrl: string;

test.beforeEach(async () => {
  certs = makeTestCertificates();
  const mtlsPort = await freePort();
  mtlsUrl = `https://127.0.0.1:${mtlsPort}`;
  secure = await Connector.start({
    https: true,
    args: ["--cert-store-file", certs.pfx, "--cert-store-pass", STORE_PASSWORD, "--cert-store-type", "pkcs12", "--key-store-file", certs.caPem, "--mtls-port", String(mtlsPort)],
  });
});
test.afterEach(async () => {
  await secure?.dispose();
  certs?.remove();
});

function apiStatus(base: string, withClientCertificate: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      `${base}/api/v1/workers/kw1`,
      {
        ca: readFileSync(certs.caPem),
        headers: { authorization: `Bearer ${secure.apiKey}` },
        agent: false,
        ...(withClientCertificate ? { cert: certs.clientCert, key: certs.clientKey } : {}),
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
  });
}

test("serves the client over HTTPS and WSS, signs in through the form, with HSTS", async ({ page }) => {
  expect(secure.url).toMatch(/^https:/);
  const kw = new KwClientPage(page, secure.url);
  const response = await page.goto(`${secure.url}/signin?worker=kw1`);
  expect(response?.headers()["strict-transport-security"]).toBe("max-age=31536000");
  await kw.page.getByRole("button", { name: "Sign in as Alex Morgan" }).click();
  await expect(page).toHaveURL(`${secure.url}/`);
  await expect(kw.workerName("Alex Morgan")).toBeVisible();
  await kw.expectConnected();
  const cookie = (await page.context().cookies()).find((c) => c.name === "ucc_session");
  expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: "Lax" });
});

test("on the MTLS port refuses an API call without a client certificate and accepts one with a certificate its CA signed; the pages' port refuses API-key calls", async () => {
  expect(await apiStatus(mtlsUrl, false)).toBe(401);
  expect(await apiStatus(mtlsUrl, true)).toBe(200);
  expect(await apiStatus(secure.url, true)).toBe(401);
});
