/**
 * Nothing missed (issue 20): customer messages that arrive while the tab is hidden show in the
 * tab's title and icon and raise a notification; showing the tab clears them.
 */
import type { BrowserContext } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { fakeHiddenTab, recorded, setVisibility } from "./support/fake-hidden-tab";
import { CustomerChatPage } from "./pages/customer-chat";
import { KwClientPage } from "./pages/kw-client";
import { interactionRegion, preview } from "./pages/preview";

const contexts: BrowserContext[] = [];
test.afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

const badge = 'link[rel="icon"][href^="data:image/png"]';

test("customer messages in a hidden tab count in the title and icon and notify; showing the tab clears them", async ({ browser, connector }) => {
  const kwContext = await browser.newContext();
  const patContext = await browser.newContext();
  contexts.push(kwContext, patContext);
  await fakeHiddenTab(kwContext, { visibility: "visible" });
  const kw = new KwClientPage(await kwContext.newPage(), connector.url);
  await kw.signIn("kw1");
  await kw.expectConnected();
  await kw.choosePresence("available");
  const pat = new CustomerChatPage(await patContext.newPage(), connector.url);
  await pat.start("Sasha", "Invoice");
  await preview(kw.page).getByRole("button", { name: "Accept" }).click();
  const chat = interactionRegion(kw.page, "Sasha");
  await expect(chat).toBeVisible();
  await expect(kw.page).toHaveTitle("UC Connector");

  // A message while the tab shows is read: no count.
  await pat.send("Hello?");
  await expect(chat.getByRole("log")).toContainText("Hello?");
  await expect(kw.page).toHaveTitle("UC Connector");

  await setVisibility(kw.page, "hidden");
  await pat.send("Are you there?");
  await expect(kw.page).toHaveTitle("(1) UC Connector");
  await pat.send("It is about invoice 42");
  await expect(kw.page).toHaveTitle("(2) UC Connector");
  await expect(kw.page.locator(badge)).toHaveCount(1);
  await expect.poll(async () => (await recorded(kw.page)).__notified).toEqual(["New message from Sasha", "New message from Sasha"]);

  await setVisibility(kw.page, "visible");
  await expect(kw.page).toHaveTitle("UC Connector");
  await expect(kw.page.locator(badge)).toHaveCount(0);
  await expect.poll(async () => (await recorded(kw.page)).__closed.length).toBeGreaterThan(0);
});
