/**
 * Screenshots for a human to look at (test-results/screenshots/): the signed-in client on a
 * desktop and the /extension layout in a narrow conversation-extension window.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { KwClientPage } from "./pages/kw-client";
import { expect, test } from "./support/fixtures";
import { SHOTS } from "./support/screenshots";


test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

test.describe("desktop 1280x800", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("the signed-in client", async ({ page, connector }) => {
    const kw = new KwClientPage(page, connector.url);
    await kw.signIn("kw1");
    await kw.expectConnected();
    await kw.choosePresence("available");
    await expect(kw.workerName("Alex Morgan")).toBeInViewport();
    await expect(kw.presence).toBeInViewport();
    await expect(kw.connection).toBeInViewport();
    await expect(kw.interactions).toBeInViewport();
    await expect(kw.emptyState).toBeInViewport();
    await expect(kw.signOutButton).toBeInViewport();
    await page.screenshot({ path: path.join(SHOTS, "signed-in-desktop-1280x800.png") });

    await kw.signOutButton.click();
    await expect(kw.signInHeading).toBeVisible();
    await expect(page.getByRole("button", { name: /Sign in as/ })).toHaveCount(3);
    await page.screenshot({ path: path.join(SHOTS, "signed-out-desktop-1280x800.png") });
  });
});

test.describe("extension 420x700", () => {
  test.use({ viewport: { width: 420, height: 700 } });

  test("the /extension layout", async ({ page, connector }) => {
    const kw = new KwClientPage(page, connector.url);
    await kw.signIn("kw1");
    await kw.open("/extension");
    await kw.expectConnected();
    await kw.expectPresence("offline");
    await expect(kw.workerName("Alex Morgan")).toBeInViewport();
    await expect(kw.presence).toBeInViewport();
    await expect(kw.connection).toBeInViewport();
    await expect(kw.interactions).toBeInViewport();
    await expect(kw.emptyState).toBeInViewport();
    // Nothing spills sideways in a narrow window.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(420);
    await page.screenshot({ path: path.join(SHOTS, "extension-420x700.png") });
  });
});
