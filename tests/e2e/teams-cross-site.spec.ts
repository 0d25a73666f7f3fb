/**
 * /extension framed by Teams from another site, with the browser blocking the connector's cookies
 * in that frame (README "Inside Microsoft Teams"): the host page is https://teams.microsoft.com
 * (played by tests/e2e/support/teams-host.*, routed by Playwright: teams-js takes messages only
 * from Teams' origins), the connector is https://127.0.0.1:P. The tab signs in with the Teams
 * token as its bearer, shows a Preview and accepts it, stays signed out after Sign out until
 * "Sign in", and offers the consent step when teams-js says consent is missing.
 * The browser's switches are in tests/e2e/support/teams-cross-site.ts; the first test proves
 * that no request after sign-in carries a cookie.
 */
import { request as apiRequest, type APIRequestContext, type Page } from "@playwright/test";
import { makeTestCertificates, STORE_PASSWORD, type TestCertificates } from "../support/certificates";
import { CLIENT_ID, startTestKeySet, TENANT, type TestKeySet } from "../support/teams-tokens";
import { interactionRegion, preview } from "./pages/preview";
import { Connector } from "./support/connector";
import { expect, test } from "./support/fixtures";
import { launchCookieBlockedBrowser, shootBothWidths, TEAMS_ORIGIN, type CookieBlockedBrowser } from "./support/teams-cross-site";
import { TeamsHost } from "./support/teams-host";

let certs: TestCertificates;
let keys: TestKeySet;
let connector: Connector;
let api: APIRequestContext;
let browser: CookieBlockedBrowser;
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
  browser = await launchCookieBlockedBrowser(connector.url);
  ({ page } = browser);
});

test.afterEach(async () => {
  await browser?.close();
  await api?.dispose();
  await connector?.dispose();
  await keys?.close();
  certs?.remove();
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

const shoot = (name: string) => shootBothWidths(page, name);

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
