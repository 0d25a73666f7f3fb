/**
 * B12: a pseudo-localised run (every string about 40 % longer, accented and bracketed) shows
 * nothing cut off at 320 px and at 1280 px: the signed-out page, the sign-in pages, the worker's
 * page, a Preview, an accepted chat and its after-call work, /extension, the customer's chat page;
 * and the Interaction window: two chats behind tabs, the Transfer dialog, after-call work with a
 * disposition, and a call (muted, on hold, keypad open) with its Transfer dialog.
 * Screenshots go to test-results/screenshots/pseudo-*.png for a person to look at.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { PSEUDO_FLAG, PSEUDO_LOCALE } from "../../lib/i18n/locales";
import { createTranslator } from "../../lib/i18n/translator";
import { Connector } from "./support/connector";
import { cutOff } from "./support/cut-off";
import { expect, test } from "./support/fixtures";
import { SHOTS } from "./support/screenshots";

/** Pseudo-localised text starts with "[" and has accented letters: English would not match. */
const PSEUDO = /^\[.*[àéîöûŕšţ]/;
/** The pseudo-locale's text for a key, to find a control by its accessible name as a person would. */
const { t: pseudo } = createTranslator(PSEUDO_LOCALE);

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

/** The dev sign-in page, pseudo-localised too, has one button for the worker: press it. */
async function signIn(page: Page, connector: Connector, shot?: string): Promise<void> {
  await page.goto(`${connector.url}/signin?worker=kw1`);
  const button = page.getByRole("button", { name: pseudo("signin.as", { name: "Alex Morgan" }) });
  await expect(button).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(PSEUDO);
  if (shot) await expectNothingCutOff(page, shot);
  await button.click();
  await expect(page).toHaveURL(`${connector.url}/`);
}

async function acceptPreview(page: Page): Promise<void> {
  const dialog = page.getByRole("alertdialog");
  await dialog.getByRole("button", { name: pseudo("preview.accept") }).click();
  await expect(dialog).toBeHidden();
}

for (const width of [320, 1280]) {
  test(`nothing is cut off at ${width} px`, async ({ browser, connector }) => {
    const kw = await pseudoPage(browser, width);
    await kw.goto(`${connector.url}/`);
    const heading = kw.getByRole("heading", { level: 2 }).first();
    await expect(heading).toHaveText(PSEUDO);
    await expect(kw.locator("html")).toHaveAttribute("lang", "en-XA");
    await expect(kw.getByRole("button").first()).toBeVisible();
    await expectNothingCutOff(kw, `signed-out-${width}`);

    await kw.goto(`${connector.url}/signin/failed?reason=unavailable`);
    await expect(kw.getByRole("heading", { level: 1 })).toHaveText(PSEUDO);
    await expect(kw).toHaveTitle(PSEUDO);
    await expectNothingCutOff(kw, `signin-failed-${width}`);

    await signIn(kw, connector, `signin-${width}`);
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

for (const width of [320, 1280]) {
  test(`the Interaction window is not cut off at ${width} px: two chats behind tabs, the Transfer dialog, after-call work, a call`, async ({ browser }) => {
    test.setTimeout(120_000);
    const connector = await Connector.start({ routing: { "wrap-up-time": 60, dispositions: ["Resolved", "Follow-up with the billing team"] } });
    try {
      const kw = await pseudoPage(browser, width);
      await signIn(kw, connector);
      const presence = kw.getByRole("combobox", { name: pseudo("presence.label"), exact: true });
      await presence.selectOption("available");
      await expect(presence).toBeEnabled();
      await expect(presence).toHaveValue("available");

      const data = { origin: "web", account: "A-1029-33" };
      const pat = await connector.api<{ id: string }>("POST", "/api/v1/interactions", { media: "chat", from: "Pat Customer", subject: "Billing question about the last invoice", data, worker: "kw1" });
      await acceptPreview(kw);
      await connector.api("POST", "/api/v1/interactions", { media: "chat", from: "Kim Lee-Vandenberghe", subject: "Refund of a duplicate payment", data, worker: "kw1" });
      await acceptPreview(kw);
      await connector.api("POST", `/api/v1/interactions/${pat.id}/messages`, { text: "Is anyone there?" });
      const tabs = kw.getByRole("tablist", { name: pseudo("interactions.tabs") });
      await expect(tabs.getByRole("tab", { name: /Pat Customer/ }).getByLabel(pseudo("interactions.unread", { count: 1 }))).toBeVisible();
      await expectNothingCutOff(kw, `tabs-${width}`);

      const kim = kw.getByRole("region", { name: pseudo("interaction.with", { from: "Kim Lee-Vandenberghe" }) });
      await kim.getByRole("button", { name: pseudo("interaction.transfer"), exact: true }).click();
      const transfer = kw.getByRole("dialog", { name: pseudo("transfer.title") });
      await expect(transfer.getByRole("combobox", { name: pseudo("transfer.to") })).toBeFocused();
      await expectNothingCutOff(kw, `transfer-dialog-${width}`);
      await kw.keyboard.press("Escape");
      await expect(transfer).toBeHidden();

      // After-call work of the chat in front, with the other chat's tab beside it.
      await kim.getByRole("button", { name: pseudo("interaction.endChat") }).click();
      await kim.getByRole("alertdialog", { name: pseudo("endChat.title") }).getByRole("button", { name: pseudo("interaction.endChat") }).click();
      await expect(kim.getByRole("combobox", { name: pseudo("wrapUp.disposition") })).toBeVisible();
      await expect(kim.getByRole("log").getByText(pseudo("transcript.workerEnded", { name: "Alex Morgan" }), { exact: true })).toBeVisible();
      await expect(tabs.getByRole("tab", { name: /Kim/ })).toContainText(pseudo("interaction.state.wrap-up"));
      await expectNothingCutOff(kw, `wrap-up-tabs-${width}`);
      await kim.getByRole("button", { name: pseudo("interaction.done") }).click();
      await expect(kim).toBeHidden();
      const patChat = kw.getByRole("region", { name: pseudo("interaction.with", { from: "Pat Customer" }) });
      await patChat.getByRole("button", { name: pseudo("interaction.endChat") }).click();
      await patChat.getByRole("alertdialog", { name: pseudo("endChat.title") }).getByRole("button", { name: pseudo("interaction.endChat") }).click();
      // NOTE: the transcript grows by the ended line as the chat's end settles; a Done pressed
      // before that can land where the button was a moment earlier.
      await expect(patChat.getByRole("log").getByText(pseudo("transcript.workerEnded", { name: "Alex Morgan" }), { exact: true })).toBeVisible();
      await patChat.getByRole("button", { name: pseudo("interaction.done") }).click();
      await expect(patChat).toBeHidden();
      await expect(presence).toHaveValue("available");

      // A call, muted and on hold, with its keypad and Transfer dialog open.
      await connector.api("POST", "/api/v1/interactions", { media: "voice", from: "Robin Smith-Abercrombie", subject: "Router setup", data, worker: "kw1" });
      await acceptPreview(kw);
      const call = kw.getByRole("region", { name: pseudo("interaction.with", { from: "Robin Smith-Abercrombie" }) });
      const button = (key: Parameters<typeof pseudo>[0]) => call.getByRole("button", { name: pseudo(key), exact: true });
      await button("call.mute").click();
      await expect(button("call.unmute")).toBeEnabled();
      await button("call.keypad").click();
      await button("call.hold").click();
      await expect(button("call.retrieve")).toBeEnabled();
      await expect(call.getByRole("status").filter({ hasText: pseudo("call.held") })).toBeVisible();
      await button("interaction.transfer").click();
      await expect(kw.getByRole("dialog", { name: pseudo("transfer.title") })).toBeVisible();
      await expectNothingCutOff(kw, `call-${width}`);
    } finally {
      await connector.dispose();
    }
  });
}
