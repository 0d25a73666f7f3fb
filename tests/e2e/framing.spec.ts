/**
 * Who may frame the connector's pages (its CSP frame-ancestors, checked by Chromium itself):
 * `/extension` by its own origin and the Microsoft Teams / Microsoft 365 hosts, every other page by
 * its own origin only, and nothing by any other site.
 */
import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";

/** Serves, at `hostUrl`, a page that frames `appUrl` (the test's stand-in for a host site). */
async function hostFraming(page: Page, hostUrl: string, appUrl: string): Promise<void> {
  const body = `<!doctype html><html lang="en"><title>host</title><body style="margin:0"><iframe id="app" title="app" src="${appUrl}" style="border:0;width:360px;height:600px"></iframe></body></html>`;
  await page.route(hostUrl, (route) => route.fulfill({ status: 200, contentType: "text/html", body }));
}

/**
 * Checks that the connector serves the page (200) and that the browser, opening the host page,
 * refuses to show it in the frame: Chromium puts its error page there instead.
 */
async function expectRefused(page: Page, hostUrl: string, servedAt: string): Promise<void> {
  expect((await page.request.get(servedAt)).status()).toBe(200);
  await page.goto(hostUrl);
  await expect.poll(() => page.frames().map((frame) => frame.url())).toContain("chrome-error://chromewebdata/");
  await expect(page.frameLocator("#app").getByRole("heading", { name: "You are not signed in" })).toHaveCount(0);
}

test("another site cannot frame /extension or /; the connector's own origin can", async ({ page, connector }) => {
  // NOTE: "another site" is http://localhost:<port>, a different origin from http://127.0.0.1:<port>:
  // a public name framing a loopback address would be refused by Chromium's Private Network Access
  // rules before the CSP is even read.
  const otherSite = connector.url.replace("127.0.0.1", "localhost");
  for (const pathname of ["/extension", "/"]) {
    const hostUrl = `${otherSite}/__tests__/host${pathname === "/" ? "-root" : "-extension"}`;
    await hostFraming(page, hostUrl, `${connector.url}${pathname}`);
    await expectRefused(page, hostUrl, `${connector.url}${pathname}`);
  }

  const ownHost = `${connector.url}/__tests__/framing-host`;
  await hostFraming(page, ownHost, `${connector.url}/`);
  await page.goto(ownHost);
  await expect(page.frameLocator("#app").getByRole("heading", { name: "You are not signed in" })).toBeVisible();
});

test("the Teams web client's origin can frame /extension, and not /", async ({ page, connector }) => {
  // Both sides on https, as in production: https://connector.test is routed to the real connector.
  const appOrigin = "https://connector.test";
  await page.route(`${appOrigin}/**`, async (route) => {
    const url = new URL(route.request().url());
    const response = await route.fetch({ url: `${connector.url}${url.pathname}${url.search}` });
    await route.fulfill({ response });
  });

  await hostFraming(page, "https://teams.microsoft.com/_tests_/extension", `${appOrigin}/extension`);
  await page.goto("https://teams.microsoft.com/_tests_/extension");
  await expect(page.frameLocator("#app").getByRole("heading", { name: "You are not signed in" })).toBeVisible();

  await hostFraming(page, "https://teams.microsoft.com/_tests_/root", `${appOrigin}/`);
  await expectRefused(page, "https://teams.microsoft.com/_tests_/root", `${connector.url}/`);
});
