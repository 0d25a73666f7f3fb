/**
 * B12: a pseudo-localised run (every string about 40 % longer, accented and bracketed) shows
 * nothing cut off at 320 px and at 1280 px: the signed-out page, the worker's page, a Preview,
 * an accepted chat and its after-call work, /extension, and the customer's chat page.
 * Screenshots go to test-results/screenshots/pseudo-*.png for a person to look at.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { PSEUDO_FLAG } from "../../lib/i18n/locales";
import { REPO_ROOT } from "./support/connector";
import { cutOff } from "./support/cut-off";
import { expect, test } from "./support/fixtures";

const SHOTS = path.join(REPO_ROOT, "test-results", "screenshots");
/** Pseudo-localised text starts with "[" and has accented letters: English would not match. */
const PSEUDO = /^\[.*[àéîöûŕšţ]/;

const contexts: BrowserContext[] = [];
test.afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});
test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

async function pseudoPage(browser: Browser, width: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 800 } });
  contexts.push(context);
  await context.addInitScript((flag) => {
    (window as unknown as Record<string, boolean>)[flag] = true;
  }, PSEUDO_FLAG);
  return context.newPage();
}

async function expectNothingCutOff(page: Page, shot: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `pseudo-${shot}.png`), fullPage: true });
  expect(await cutOff(page), shot).toEqual([]);
}

for (const width of [320, 1280]) {
  test(`nothing is cut off at ${width} px`, async ({ browser, connector }) => {
    const kw = await pseudoPage(browser, width);
    await kw.goto(`${connector.url}/`);
    const heading = kw.getByRole("heading", { level: 2 }).first();
    await expect(heading).toHaveText(PSEUDO);
    await expect(kw.locator("html")).toHaveAttribute("lang", "en-XA");
    await expect(kw.getByRole("link").first()).toBeVisible();
    await expectNothingCutOff(kw, `signed-out-${width}`);

    await kw.goto(`${connector.url}/signin?worker=kw1`);
    const presence = kw.getByRole("combobox").first();
    await expect(presence.locator("option:checked")).toHaveText(PSEUDO);
    await expect(kw.getByRole("status").first()).toHaveAttribute("data-state", "connected");
    await expectNothingCutOff(kw, `signed-in-${width}`);

    await presence.selectOption("available");
    await expect(presence).toBeEnabled();
    await connector.api("POST", "/api/v1/interactions", {
      media: "chat",
      from: "Pat Customer",
      subject: "Billing question about the last invoice",
      data: { origin: "web", account: "A-1029-33" },
      worker: "kw1",
    });
    const dialog = kw.getByRole("alertdialog");
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole("button").first()).toHaveText(PSEUDO);
    await expectNothingCutOff(kw, `preview-${width}`);

    await dialog.getByRole("button").first().click();
    const panel = kw.getByRole("region", { name: /Pat Customer/ });
    await expect(panel.getByRole("log")).toBeVisible();
    await expectNothingCutOff(kw, `chat-${width}`);

    const [id] = (await connector.worker("kw1")).interactions;
    await connector.api("POST", `/api/v1/interactions/${id}/end`);
    await expect(panel.getByRole("button")).toHaveCount(1);
    await expectNothingCutOff(kw, `wrap-up-${width}`);

    await kw.goto(`${connector.url}/extension`);
    await expect(kw.getByRole("combobox").first()).toBeVisible();
    await expectNothingCutOff(kw, `extension-${width}`);

    const customer = await pseudoPage(browser, width);
    await customer.goto(`${connector.url}/chat`);
    await expect(customer.getByRole("heading", { level: 1 })).toHaveText(PSEUDO);
    await expectNothingCutOff(customer, `chat-start-${width}`);
    await customer.getByRole("textbox").first().fill("Pat");
    await customer.getByRole("button").first().click();
    await expect(customer.getByRole("log")).toBeVisible();
    await expectNothingCutOff(customer, `chat-waiting-${width}`);
  });
}
