/**
 * Screenshots of the Interaction window: a chat, two chats at once, and a call on hold, at 1280 px
 * and at 320 px. Each also checks nothing spills sideways. They go to test-results/screenshots/;
 * `UCC_DOCS_SCREENSHOTS=1 npx playwright test tests/e2e/interaction-screenshots.spec.ts` refreshes
 * the README's copies in docs/screenshots/.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { Contexts, acceptPreview, InteractionRegion } from "./pages/interaction";
import { expect, test } from "./support/fixtures";
import { docsShots } from "./support/screenshots";

const DOCS = docsShots("screenshots");
const SIZES = [
  { name: "1280", viewport: { width: 1280, height: 900 } },
  { name: "320", viewport: { width: 320, height: 900 } },
] as const;

let contexts: Contexts;
test.beforeAll(() => mkdirSync(DOCS, { recursive: true }));
test.beforeEach(({ browser }) => {
  contexts = new Contexts(browser);
});
test.afterEach(async () => contexts.close());

async function shoot(page: Page, file: string, width: number): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  await page.screenshot({ path: path.join(DOCS, file), fullPage: true });
}

for (const size of SIZES) {
  test(`a chat and two chats at once, ${size.name} px`, async ({ connector }) => {
    const kw1 = await contexts.worker(connector, "kw1", size.viewport);
    const pat = await contexts.customer(connector);
    await pat.start("Pat Jones", "Invoice 2024-117");
    await acceptPreview(kw1.page);
    const chat = new InteractionRegion(kw1.page, "Pat Jones");
    await pat.send("Hello, my invoice shows the wrong address. Details: https://example.com/invoices/2024-117");
    await chat.send("Sorry about that! I am correcting it now.");
    await pat.message.pressSequentially("Thank");
    await expect(chat.region.getByText("Pat Jones is typing…")).toBeVisible();
    await shoot(kw1.page, `chat-${size.name}.png`, size.viewport.width);

    const kim = await contexts.customer(connector);
    await kim.start("Kim Lee", "Refund");
    await acceptPreview(kw1.page);
    await pat.message.fill("Thanks, and can you resend it?");
    await pat.message.press("Enter");
    await expect(kw1.page.getByRole("tab", { name: /Pat Jones/ }).getByLabel("1 unread")).toBeVisible();
    await shoot(kw1.page, `two-chats-${size.name}.png`, size.viewport.width);
  });

  test(`a call on hold, ${size.name} px`, async ({ connector }) => {
    const kw1 = await contexts.worker(connector, "kw1", size.viewport);
    await connector.api("POST", "/api/v1/interactions", { media: "voice", from: "Robin Smith", subject: "Router setup", data: { account: "A-20931", tier: "gold" } });
    await acceptPreview(kw1.page, "call");
    const call = new InteractionRegion(kw1.page, "Robin Smith");
    await call.button("Keypad").click();
    await expect(call.region.getByRole("group", { name: "Keypad" })).toBeVisible();
    await call.button("Hold").click();
    await expect(call.button("Retrieve")).toBeEnabled();
    // On hold, the keypad's keys are off: DTMF is not allowed while the call is held.
    await expect(call.region.getByRole("group", { name: "Keypad" }).getByRole("button", { name: "5" })).toBeDisabled();
    await expect(call.region.locator("time")).toHaveText(/0:0[2-9]/);
    await shoot(kw1.page, `call-on-hold-${size.name}.png`, size.viewport.width);
  });
}

// Issue 20's states (`-g "a worker's day"` refreshes only these): End chat?, canned responses,
// transfer search, the Keyboard shortcuts dialog and Recent interactions with a transcript open.
for (const size of SIZES) {
  test(`a worker's day, ${size.name} px`, async ({ connector }) => {
    const kw1 = await contexts.worker(connector, "kw1", size.viewport);
    await contexts.worker(connector, "kw2");
    await contexts.worker(connector, "kw3");
    const page = kw1.page;
    const pat = await contexts.customer(connector);
    await pat.start("Pat Jones", "Invoice 2024-117");
    await pat.send("Hello, my invoice shows the wrong address.");
    await acceptPreview(page);
    const chat = new InteractionRegion(page, "Pat Jones");
    await chat.send("Sorry about that! I am correcting it now.");

    await chat.message.focus();
    await page.keyboard.type("/");
    await expect(chat.region.getByRole("listbox", { name: "Canned responses" }).getByRole("option")).toHaveCount(3);
    await shoot(page, `canned-responses-${size.name}.png`, size.viewport.width);
    await page.keyboard.press("Escape");
    await chat.message.fill("");

    await chat.button("Transfer").click();
    const dialog = chat.dialog("Transfer");
    await dialog.getByRole("searchbox", { name: "Search" }).fill("sam");
    await expect(dialog.getByRole("list", { name: "Who can take it now" }).getByRole("listitem")).toHaveCount(1);
    await shoot(page, `transfer-search-${size.name}.png`, size.viewport.width);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();

    await page.getByRole("heading", { name: "Interactions", exact: true }).click();
    await page.keyboard.press("?");
    const shortcuts = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await expect(shortcuts).toBeVisible();
    await shoot(page, `keyboard-shortcuts-${size.name}.png`, size.viewport.width);
    await page.keyboard.press("Escape");
    await expect(shortcuts).toBeHidden();

    await chat.button("End chat").click();
    await expect(chat.region.getByRole("alertdialog", { name: "End chat?" })).toBeVisible();
    await shoot(page, `end-chat-confirm-${size.name}.png`, size.viewport.width);
    await chat.region.getByRole("alertdialog", { name: "End chat?" }).getByRole("button", { name: "End chat" }).click();
    await chat.button("Done").click();
    const recent = page.getByRole("region", { name: "Recent interactions" });
    await recent.getByRole("button", { name: "Show transcript" }).click();
    await expect(recent.getByRole("log", { name: "Transcript" })).toContainText("I am correcting it now");
    await shoot(page, `recent-interactions-${size.name}.png`, size.viewport.width);
  });
}
