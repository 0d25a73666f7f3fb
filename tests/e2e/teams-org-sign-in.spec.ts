/**
 * The organisation sign-in inside Teams (README "Inside Microsoft Teams"), framed from another
 * site with the connector's cookies blocked in the frame (as tests/e2e/teams-cross-site.spec.ts):
 * the tab's "Sign in with your organisation account" runs teams-js `authentication.authenticate`;
 * the test host (tests/e2e/support/teams-host.*) opens that URL for real in a popup, where the
 * OpenID Connect round trip runs against a real provider (npm oidc-provider) and the last page's
 * teams-js `notifySuccess` reaches the host, which answers the tab as Teams does. The tenant has
 * no Teams SSO: this is its only way in.
 */
import { request as apiRequest, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import { makeTestCertificates, STORE_PASSWORD, type TestCertificates } from "../support/certificates";
import { startOidcProvider, type TestProvider } from "../support/oidc-provider";
import { interactionRegion, preview } from "./pages/preview";
import { Connector, freePort } from "./support/connector";
import { expect, test } from "./support/fixtures";
import { launchCookieBlockedBrowser, shootBothWidths, TEAMS_ORIGIN, type CookieBlockedBrowser } from "./support/teams-cross-site";
import { TeamsHost } from "./support/teams-host";

const ALEX = { username: "alex.morgan@contoso.example", password: "alex-password", name: "Alex Morgan" };
const EVE = { username: "eve@contoso.example", password: "eve-password", name: "Eve Outsider" };

let certs: TestCertificates;
let provider: TestProvider;
let connector: Connector;
let api: APIRequestContext;
let browser: CookieBlockedBrowser;
let context: BrowserContext;
let page: Page;

test.beforeEach(async () => {
  certs = makeTestCertificates();
  const port = await freePort();
  const publicUrl = `https://127.0.0.1:${port}`;
  provider = await startOidcProvider({ redirectUris: [`${publicUrl}/signin/callback`], accounts: [ALEX, EVE] });
  connector = await Connector.start({
    https: true,
    port,
    env: { UCC_PUBLIC_URL: publicUrl },
    args: ["--cert-store-file", certs.pfx, "--cert-store-pass", STORE_PASSWORD, "--cert-store-type", "pkcs12"],
    config: {
      "sign-in": "oidc",
      oidc: { issuer: provider.issuer, "client-id": provider.clientId, "client-secret": provider.clientSecret },
      workers: [{ id: "kw1", name: "Alex Morgan", upn: ALEX.username }],
    },
  });
  api = await apiRequest.newContext({ baseURL: connector.url, ignoreHTTPSErrors: true, extraHTTPHeaders: { authorization: `Bearer ${connector.apiKey}` } });
  browser = await launchCookieBlockedBrowser(connector.url);
  ({ context, page } = browser);
});

test.afterEach(async () => {
  await browser?.close();
  await api?.dispose();
  await connector?.dispose();
  await provider?.close();
  certs?.remove();
});

const shoot = (name: string) => shootBothWidths(page, name);

const openTab = () => TeamsHost.open(page, { appUrl: `${connector.url}/extension`, hostOrigin: TEAMS_ORIGIN, authenticate: "window" });

/** Presses the organisation sign-in and resolves with Teams' authentication window (a popup). */
async function openAuthenticationWindow(app: TeamsHost["app"]): Promise<Page> {
  const opened = context.waitForEvent("page");
  await app.getByRole("button", { name: "Sign in with your organisation account" }).click();
  return opened;
}

test("with no Teams SSO, the tab signs in through Teams' authentication window (the provider never in the frame), shows Connected and accepts a Preview", async () => {
  const teams = await openTab();
  const app = teams.app;
  await expect(app.getByRole("button", { name: "Sign in with your organisation account" })).toBeVisible();
  await shoot("teams-org-sign-in");
  const framed: string[] = [];
  page.on("requestfinished", (r) => r.frame() !== page.mainFrame() && framed.push(r.url()));

  await signInThroughWindow(app);

  await expect(app.getByRole("status").filter({ hasText: "Connection" })).toContainText("Connected");
  await expect(app.getByText("Alex Morgan")).toBeVisible();
  await expect.poll(async () => ((await (await api.get("/api/v1/workers/kw1")).json()) as { windows: number }).windows).toBe(1);
  expect(await teams.count("authentication.authenticate.success")).toBe(1);
  // The identity provider loaded in the popup only, never in Teams' frame.
  expect(framed.filter((url) => url.startsWith(provider.issuer))).toEqual([]);

  await app.getByRole("combobox", { name: "Presence", exact: true }).selectOption("available");
  expect((await api.post("/api/v1/interactions", { data: { media: "chat", from: "Pat Window", subject: "Billing", worker: "kw1" } })).status()).toBe(201);
  const offer = preview(app as unknown as Page);
  await expect(offer).toContainText("Pat Window");
  await offer.getByRole("button", { name: "Accept" }).click();
  await expect(interactionRegion(app as unknown as Page, "Pat Window")).toBeVisible();
});

/**
 * Signs in through the popup: the provider's form (unless the provider still knows the person, as
 * after a sign-out of the connector only), then teams-js closes the window.
 */
async function signInThroughWindow(app: TeamsHost["app"], provider: "form" | "remembers" = "form", account = ALEX): Promise<void> {
  const popup = await openAuthenticationWindow(app);
  // NOTE: the window may be gone already (teams-js closes it as soon as it handed over): the
  // caller waits for the tab's state instead.
  if (provider === "remembers") return;
  await expect(popup.getByRole("heading", { name: "Test identity provider" })).toBeVisible();
  await popup.getByLabel("Username").fill(account.username);
  await popup.getByLabel("Password").fill(account.password);
  const closed = popup.waitForEvent("close");
  await popup.getByRole("button", { name: "Sign in" }).click();
  // teams-js closes the window itself once its notifySuccess reached the host.
  await closed;
}

test("Sign out ends the window's session; signing in through the window again works without a reload, and the tab's goodbye is taken", async () => {
  const teams = await openTab();
  const app = teams.app;
  await signInThroughWindow(app);
  await expect(app.getByRole("status").filter({ hasText: "Connection" })).toContainText("Connected");

  await app.getByRole("button", { name: "Sign out" }).click();
  await expect(app.getByRole("button", { name: "Sign in with your organisation account" })).toBeVisible();
  await expect.poll(async () => ((await (await api.get("/api/v1/workers/kw1")).json()) as { windows: number }).windows).toBe(0);

  await signInThroughWindow(app, "remembers");
  await expect(app.getByRole("status").filter({ hasText: "Connection" })).toContainText("Connected");
  await expect.poll(async () => ((await (await api.get("/api/v1/workers/kw1")).json()) as { windows: number }).windows).toBe(1);

  // Teams caches the tab: its goodbye beacon (no Authorization header, no cookie) carries the bearer, and is taken.
  const goodbye = page.waitForRequest((r) => r.url() === `${connector.url}/api/kw/windows/closed`);
  await teams.suspend();
  const beacon = await goodbye;
  expect(beacon.headers().cookie).toBeUndefined();
  expect(Object.keys(JSON.parse(beacon.postData() ?? "{}")).sort()).toEqual(["bearer", "clientId"]);
  // NOTE: the Bayeux disconnect sent beside it may close the window first (404, the window is
  // gone); what the bearer in the body changes is that the goodbye is no longer refused (401).
  expect([200, 404]).toContain((await beacon.response())?.status());
});

test("someone who is not a Knowledge Worker here is told so in the tab, which stays signed out with the button again", async () => {
  const teams = await openTab();
  const app = teams.app;
  await signInThroughWindow(app, "form", EVE);
  await expect(app.getByRole("alert").filter({ hasText: "this UC Connector has no Knowledge Worker for it" })).toBeVisible();
  await expect(app.getByRole("button", { name: "Sign in with your organisation account" })).toBeVisible();
  expect(await teams.count("authentication.authenticate.failure")).toBe(1);
});

test("a window closed before signing in says so, and offers the button again", async () => {
  const teams = await openTab();
  const app = teams.app;
  const popup = await openAuthenticationWindow(app);
  await expect(app.getByText("Finish signing in in the window that opened.")).toBeVisible();
  await expect(popup.getByRole("heading", { name: "Test identity provider" })).toBeVisible();
  await popup.close();
  await expect(app.getByRole("alert").filter({ hasText: "The sign-in window was closed before you signed in." })).toBeVisible();
  await expect(app.getByRole("button", { name: "Sign in with your organisation account" })).toBeVisible();
  await shoot("teams-org-sign-in-closed");
});

test("the window's last page opened outside Teams hands nothing over: it says what it is for, and the code leaves the address bar", async () => {
  await page.goto(`${connector.url}/signin/teams/signed-in#handoff=a.b.c`);
  await expect(page.getByRole("status")).toHaveText("This page completes a sign-in inside Microsoft Teams. Close it and sign in from the UC Connector’s tab in Teams.");
  expect(new URL(page.url()).hash).toBe("");
  await shoot("teams-org-sign-in-outside");
});
