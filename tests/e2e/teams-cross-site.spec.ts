/**
 * /extension framed by Teams from another site, with the browser blocking the connector's cookies
 * in that frame (README "Inside Microsoft Teams"): the host page is https://teams.microsoft.com
 * (played by tests/e2e/support/teams-host.*, routed by Playwright: teams-js takes messages only
 * from Teams' origins), the connector is https://127.0.0.1:P. The tab signs in with the Teams
 * token as its bearer, shows a Preview and accepts it, stays signed out after Sign out until
 * "Sign in", and offers the consent step when teams-js says consent is missing.
 *
 * NOTE on the switches (Chromium 156): by default it already drops unpartitioned third-party
 * cookies, but keeps `Partitioned` ones (CHIPS), and the old cookie-only tab used exactly those.
 * Blocking the connector's cookies under Teams (a content-settings rule, as an administrator's
 * CookiesBlockedForUrls or Safari's policy does) drops those too; the test proves it below. A
 * public page framing a loopback address is also refused by Local Network Access unless allowed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, request as apiRequest, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import { makeTestCertificates, STORE_PASSWORD, type TestCertificates } from "../support/certificates";
import { CLIENT_ID, startTestKeySet, TENANT, type TestKeySet } from "../support/teams-tokens";
import { interactionRegion, preview } from "./pages/preview";
import { Connector } from "./support/connector";
import { expect, test } from "./support/fixtures";
import { SHOTS } from "./support/screenshots";
import { TeamsHost } from "./support/teams-host";

const TEAMS_ORIGIN = "https://teams.microsoft.com";

let certs: TestCertificates;
let keys: TestKeySet;
let connector: Connector;
let api: APIRequestContext;
let profile: string;
let context: BrowserContext;
let page: Page;

test.beforeEach(async () => {
  certs = makeTestCertificates();
  keys = await startTestKeySet(CLIENT_ID);
  connector = await Connector.start({
    https: true,
    args: ["--cert-store-file", certs.pfx, "--cert-store-pass", STORE_PASSWORD, "--cert-store-type", "pkcs12"],
    config: {
      "sign-in": "none",
      "teams-sso": { "client-id": CLIENT_ID, tenants: [TENANT], "jwks-uri": keys.jwksUri },
      workers: [{ id: "kw1", name: "Alex Morgan", upn: "alex.morgan@contoso.example" }],
    },
  });
  api = await apiRequest.newContext({ baseURL: connector.url, ignoreHTTPSErrors: true, extraHTTPHeaders: { authorization: `Bearer ${connector.apiKey}` } });
  // NOTE: a profile of its own: third-party cookies blocked, and every cookie of the connector's
  // origin blocked while Teams frames it (partitioned ones too).
  profile = mkdtempSync(path.join(os.tmpdir(), "ucc-chromium-"));
  mkdirSync(path.join(profile, "Default"));
  const blocked = { [`${connector.url},${TEAMS_ORIGIN}`]: { setting: 2 } };
  writeFileSync(path.join(profile, "Default", "Preferences"), JSON.stringify({ profile: { cookie_controls_mode: 1, block_third_party_cookies: true, content_settings: { exceptions: { cookies: blocked } } } }));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    args: ["--disable-gpu", "--disable-quic", "--disable-dev-shm-usage"],
    // NOTE: the test's CA is not in the browser's store; Teams (a public site) may frame a loopback address.
    ignoreHTTPSErrors: true,
    permissions: ["local-network-access"],
    viewport: { width: 1280, height: 800 },
  });
  page = context.pages()[0] ?? (await context.newPage());
});

test.afterEach(async () => {
  await context?.close();
  await api?.dispose();
  await connector?.dispose();
  await keys?.close();
  certs?.remove();
  rmSync(profile, { recursive: true, force: true });
});

const windowsOf = async (worker: string) => ((await (await api.get(`/api/v1/workers/${worker}`)).json()) as { windows: number }).windows;

interface SeenRequest {
  url: string;
  /** The Cookie header the browser sent, if any. */
  cookie: Promise<string | undefined>;
  setCookie: Promise<string | null>;
}

/** Every request the framed app made to the connector (answered ones), with the cookies it carried. */
function recordConnectorRequests(): SeenRequest[] {
  const seen: SeenRequest[] = [];
  page.on("requestfinished", (request) => {
    if (!request.url().startsWith(connector.url)) return;
    seen.push({
      url: request.url(),
      cookie: request.allHeaders().then((headers) => headers.cookie),
      setCookie: request.response().then((response) => response?.headerValue("set-cookie") ?? null),
    });
  });
  return seen;
}

async function shoot(name: string) {
  for (const width of [1280, 320]) {
    await page.setViewportSize({ width, height: 720 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("framed by Teams from another site with its cookies blocked, the tab signs in with the Teams token, shows a Preview and accepts it", async () => {
  const requests = recordConnectorRequests();
  const teams = await TeamsHost.open(page, { appUrl: `${connector.url}/extension`, hostOrigin: TEAMS_ORIGIN, authToken: await keys.mint() });
  const app = teams.app;
  await expect(app.getByText("Alex Morgan")).toBeVisible();
  await expect(app.getByRole("status").filter({ hasText: "Connection" })).toContainText("Connected");
  await expect.poll(() => windowsOf("kw1")).toBe(1);

  // The proof that the frame keeps no cookie: the connector set one at sign-in, no later request carried it.
  const signIn = requests.find((r) => r.url.endsWith("/signin/teams"));
  expect(await signIn?.setCookie).toMatch(/^ucc_session=/);
  const after = requests.slice(requests.indexOf(signIn!) + 1);
  expect(after.map((r) => new URL(r.url).pathname)).toContain("/api/kw/me");
  expect((await Promise.all(after.map((r) => r.cookie))).filter((cookie) => cookie !== undefined)).toEqual([]);
  const frame = page.frames().find((f) => f.url().startsWith(connector.url))!;
  expect(await frame.evaluate(() => ((document.cookie = "probe=1; Path=/; SameSite=None; Secure; Partitioned"), document.cookie))).toBe("");

  await app.getByRole("combobox", { name: "Presence", exact: true }).selectOption("available");
  await expect.poll(async () => ((await (await api.get("/api/v1/workers/kw1")).json()) as { presence: string }).presence).toBe("available");
  expect((await api.post("/api/v1/interactions", { data: { media: "chat", from: "Pat Crossite", subject: "Billing", worker: "kw1" } })).status()).toBe(201);
  const offer = preview(app as unknown as Page);
  await expect(offer).toContainText("Pat Crossite");
  await offer.getByRole("button", { name: "Accept" }).click();
  await expect(interactionRegion(app as unknown as Page, "Pat Crossite")).toBeVisible();
});

test("Sign out inside Teams stays signed out until the person presses Sign in", async () => {
  const teams = await TeamsHost.open(page, { appUrl: `${connector.url}/extension`, hostOrigin: TEAMS_ORIGIN, authToken: await keys.mint() });
  const app = teams.app;
  await expect(app.getByRole("status").filter({ hasText: "Connection" })).toContainText("Connected");
  const asked = await teams.count("authentication.getAuthToken");

  await app.getByRole("button", { name: "Sign out" }).click();
  await expect(app.getByText("You signed out of the UC Connector in Microsoft Teams.")).toBeVisible();
  const signInButton = app.getByRole("button", { name: "Sign in", exact: true });
  await expect(signInButton).toBeVisible();
  await expect.poll(() => windowsOf("kw1")).toBe(0);
  // No automatic sign-in: Teams was not asked for a token again.
  expect(await teams.count("authentication.getAuthToken")).toBe(asked);
  await shoot("teams-signed-out");

  await signInButton.click();
  await expect(app.getByRole("status").filter({ hasText: "Connection" })).toContainText("Connected");
  await expect(app.getByText("Alex Morgan")).toBeVisible();
  await expect.poll(() => windowsOf("kw1")).toBe(1);
});

test("a token that needs consent shows the consent step, which runs in Teams' authentication window and then signs in", async () => {
  const teams = await TeamsHost.open(page, {
    appUrl: `${connector.url}/extension`,
    hostOrigin: TEAMS_ORIGIN,
    authToken: { error: "resourceRequiresConsent" },
    afterAuthenticate: await keys.mint(),
  });
  const app = teams.app;
  await expect(app.getByText("Microsoft Teams needs your consent")).toBeVisible();
  const give = app.getByRole("button", { name: "Give consent" });
  await expect(give).toBeVisible();
  await shoot("teams-consent");

  await give.click();
  await expect(app.getByRole("status").filter({ hasText: "Connection" })).toContainText("Connected");
  const [[url]] = (await teams.argsOf("authentication.authenticate")) as [[string]];
  expect(url).toBe(`${connector.url}/signin/teams/consent?tenant=00000000-0000-0000-0000-00000000c0de&hint=alex.morgan%40contoso.example`);
});
