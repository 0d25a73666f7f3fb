/**
 * /extension in a 320 px pane (a Teams side panel, a conversation extension window) in each Teams
 * theme: nothing cut off or squeezed, and no serious or critical axe violations with a Preview
 * and with an accepted chat on screen. Screenshots go to test-results/screenshots/ (the ones in
 * docs/ are copied from there).
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { KwClientPage } from "./pages/kw-client";
import { interactionRegion, preview } from "./pages/preview";
import { seriousViolations } from "./support/axe";
import { cutOff } from "./support/cut-off";
import { expect, test } from "./support/fixtures";
import { SHOTS } from "./support/screenshots";

const WIDTH = 320;

/**
 * Nothing spills sideways (the shared check), and every control is as wide as its text needs (no
 * sliver). One look at the page: the controls are read together, so one that goes away meanwhile
 * (a status that changes) cannot leave the check waiting for it.
 */
async function expectNothingCutOff(page: Page): Promise<void> {
  expect(await cutOff(page)).toEqual([]);
  const squeezed = await page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>("button, input, textarea, select"))
      .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden")
      .filter((el) => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > window.innerWidth)
      .map((el) => el.outerHTML.slice(0, 120)),
  );
  expect(squeezed, "controls narrower than their text").toEqual([]);
}

test.use({ viewport: { width: WIDTH, height: 720 } });
// Three axe checks and a chat per test: room for a busy machine.
test.describe.configure({ timeout: 90_000 });
test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

for (const theme of ["default", "dark", "contrast"] as const) {
  test(`/extension at ${WIDTH} px in the ${theme} theme: nothing cut off, no serious axe violations`, async ({ page, connector }) => {
    const kw = new KwClientPage(page, connector.url);
    await kw.signIn("kw1");
    await page.goto(`${connector.url}/extension?theme=${theme}`);
    await expect(page.locator(`html[data-theme=${theme}]`)).toBeAttached();
    await kw.expectConnected();
    await kw.choosePresence("available");
    await expectNothingCutOff(page);
    expect(await seriousViolations(page, `${theme} empty`)).toEqual([]);

    const { id } = await connector.api<{ id: string }>("POST", "/api/v1/interactions", {
      media: "chat",
      from: "Pat Doe",
      subject: "Billing question about invoice 1042",
      data: { account: "ACME-7731", tier: "gold" },
    });
    await expect(preview(page)).toBeVisible();
    await expectNothingCutOff(page);
    expect(await seriousViolations(page, `${theme} preview`)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, `extension-${WIDTH}-${theme}-preview.png`), fullPage: true });

    await preview(page).getByRole("button", { name: "Accept" }).click();
    const chat = interactionRegion(page, "Pat Doe");
    await connector.api("POST", `/api/v1/interactions/${id}/messages`, { text: "Hello, my invoice shows a charge twice." });
    await expect(chat.getByRole("log")).toContainText("charge twice");
    await chat.getByRole("textbox", { name: "Message" }).fill("Let me look at it.");
    await chat.getByRole("button", { name: "Send" }).click();
    await expect(chat.getByRole("log")).toContainText("Let me look at it.");
    // The message box keeps most of the panel's width: Send and End chat wrap below it.
    const box = (await chat.getByRole("textbox", { name: "Message" }).boundingBox())!;
    const panel = (await chat.boundingBox())!;
    expect(box.width).toBeGreaterThan(panel.width * 0.6);
    await expectNothingCutOff(page);
    expect(await seriousViolations(page, `${theme} chat`)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, `extension-${WIDTH}-${theme}-chat.png`), fullPage: true });
  });
}
