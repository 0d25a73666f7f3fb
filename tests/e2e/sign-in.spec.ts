/**
 * Sign-in in Chromium: the dev sign-in's one-button form (keyboard, axe), OpenID Connect through
 * a real provider on loopback with its own login form, sign-out, the unknown-person and refused
 * pages, and Teams SSO inside a test page playing the Teams host, with tokens minted by the test's
 * own key set.
 */
import AxeBuilder from "@axe-core/playwright";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { startOidcProvider, type TestProvider } from "../support/oidc-provider";
import { CLIENT_ID, startTestKeySet, TENANT } from "../support/teams-tokens";
import { KwClientPage } from "./pages/kw-client";
import { TeamsHost } from "./support/teams-host";
import { ProviderLoginPage, SignInPages } from "./pages/sign-in";
import { Connector, freePort } from "./support/connector";
import { expect, test } from "./support/fixtures";
import { SHOTS } from "./support/screenshots";

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);
}

/** Both widths the house asks for: desktop and a narrow window. */
async function shoot(page: Page, name: string) {
  for (const width of [1280, 320]) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("the link npm start prints opens a one-button form; Enter on the button signs in and lands on /", async ({ page, connector }) => {
  await page.goto(`${connector.url}/signin?worker=kw1`);
  const signIn = new SignInPages(page);
  await expect(signIn.heading).toHaveText("Sign in to the UC Connector");
  await expect(signIn.devButton).toHaveCount(1);
  await expect(signIn.devButton).toHaveText("Sign in as Alex Morgan");
  expect(await seriousViolations(page)).toEqual([]);
  await shoot(page, "dev-sign-in-form");

  await page.keyboard.press("Tab");
  await expect(signIn.devButton).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(`${connector.url}/`);
  const kw = new KwClientPage(page, connector.url);
  await expect(kw.workerName("Alex Morgan")).toBeVisible();
  await kw.expectConnected();
});

test("an unknown worker in the link says so, with no button", async ({ page, connector }) => {
  await page.goto(`${connector.url}/signin?worker=kw9`);
  await expect(page.getByRole("alert").filter({ hasText: "Knowledge Worker" })).toHaveText("There is no Knowledge Worker \u201ckw9\u201d here.");
  await expect(new SignInPages(page).devButton).toHaveCount(0);
});

test("signing in from /extension comes back to /extension", async ({ page, connector }) => {
  await page.goto(`${connector.url}/extension`);
  await page.getByRole("button", { name: "Sign in as Alex Morgan (kw1)" }).click();
  await expect(page).toHaveURL(`${connector.url}/extension`);
  await new KwClientPage(page, connector.url).expectConnected();
});

test.describe("OpenID Connect", () => {
  const ALEX = { username: "alex.morgan@contoso.example", password: "alex-password", name: "Alex Morgan" };
  const EVE = { username: "eve@contoso.example", password: "eve-password", name: "Eve Outsider" };
  let provider: TestProvider;
  let oidcConnector: Connector;

  test.beforeEach(async () => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider({ redirectUris: [`${publicUrl}/signin/callback`], accounts: [ALEX, EVE] });
    oidcConnector = await Connector.start({
      port,
      env: { UCC_PUBLIC_URL: publicUrl },
      config: {
        "sign-in": "oidc",
        oidc: { issuer: provider.issuer, "client-id": provider.clientId, "client-secret": provider.clientSecret },
        workers: [
          { id: "kw1", name: "Alex Morgan", upn: "alex.morgan@contoso.example" },
          { id: "kw2", name: "Sam Lee" },
        ],
      },
    });
  });
  test.afterEach(async () => {
    await oidcConnector?.dispose();
    await provider?.close();
  });

  test("signs in through the provider's own login form, lands on / as the right worker, and signs out", async ({ page }) => {
    const kw = new KwClientPage(page, oidcConnector.url);
    await kw.open("/");
    await expect(kw.signInHeading).toBeVisible();
    const signIn = new SignInPages(page);
    await expect(signIn.devButton).toHaveCount(0);
    await expect(signIn.organisationLink).toBeVisible();
    await shoot(page, "signed-out-oidc");
    await signIn.organisationLink.click();

    await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/interaction/`));
    await new ProviderLoginPage(page).signIn(ALEX.username, ALEX.password);

    await expect(page).toHaveURL(`${oidcConnector.url}/`);
    await expect(kw.workerName("Alex Morgan")).toBeVisible();
    await kw.expectConnected();

    await kw.signOutButton.click();
    await expect(kw.signInHeading).toBeVisible();
    await expect(kw.presence).toHaveCount(0);
  });

  test("a person who is not a worker here gets the page that says so, and no session", async ({ page }) => {
    await page.goto(`${oidcConnector.url}/signin`);
    await new ProviderLoginPage(page).signIn(EVE.username, EVE.password);
    await expect(page).toHaveURL(`${oidcConnector.url}/signin/unknown`);
    await expect(page.getByRole("heading", { name: "You are not a Knowledge Worker here" })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, "sign-in-unknown-person");
    await page.getByRole("link", { name: "Back to the UC Connector" }).click();
    await expect(new KwClientPage(page, oidcConnector.url).signInHeading).toBeVisible();
  });

  test("a sign-in cancelled at the provider lands on a page that says it was refused", async ({ page }) => {
    await page.goto(`${oidcConnector.url}/signin`);
    await page.getByRole("button", { name: "Cancel" }).click();
    await expect(page).toHaveURL(`${oidcConnector.url}/signin/failed?reason=refused`);
    await expect(page.getByRole("heading", { name: "Sign-in did not complete" })).toBeVisible();
    await expect(page.getByText("Your organisation's sign-in refused it.")).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, "sign-in-refused");
  });
});

test("inside Teams, a signed-out /extension signs itself in with the Teams SSO token (minted by the test's own key set)", async ({ page }) => {
  const keys = await startTestKeySet(CLIENT_ID);
  const teams = await Connector.start({
    config: {
      "sign-in": "none",
      "teams-sso": { "client-id": CLIENT_ID, tenants: [TENANT], "jwks-uri": keys.jwksUri },
      workers: [{ id: "kw1", name: "Alex Morgan", upn: "alex.morgan@contoso.example" }],
    },
  });
  try {
    // A token for someone who is not a worker here first: the tab says so, and signs nobody in.
    const host = await TeamsHost.open(page, { appUrl: `${teams.url}/extension`, authToken: await keys.mint({ preferred_username: "someone.else@contoso.example" }) });
    await expect(host.app.getByText("is not a Knowledge Worker of this UC Connector")).toBeVisible();
    expect((await teams.worker("kw1")).windows).toBe(0);

    // Alex opens the tab: it signs in by itself and shows the client, connected.
    const alex = await TeamsHost.open(page, { appUrl: `${teams.url}/extension`, authToken: await keys.mint() });
    await expect(alex.app.getByText("Alex Morgan")).toBeVisible();
    await expect(alex.app.getByRole("combobox", { name: "Presence" })).toBeVisible();
    await expect.poll(async () => (await teams.worker("kw1")).windows).toBe(1);
  } finally {
    await teams.dispose();
    await keys.close();
  }
});
