/** An axe check of the web client: no serious or critical violations, signed in or not. */
import { CustomerChatPage } from "./pages/customer-chat";
import { KwClientPage } from "./pages/kw-client";
import { interactionRegion, preview } from "./pages/preview";
import { seriousViolations } from "./support/axe";
import { expect, test } from "./support/fixtures";

test("the signed-in page has no serious or critical axe violations", async ({ page, connector }) => {
  const kw = new KwClientPage(page, connector.url);
  await kw.signIn("kw1");
  await kw.expectConnected();
  await kw.expectPresence("offline");
  expect(await seriousViolations(page, "/ signed in")).toEqual([]);

  await kw.choosePresence("available");
  await kw.open("/extension");
  await kw.expectConnected();
  expect(await seriousViolations(page, "/extension signed in")).toEqual([]);
});

test("the signed-out page has no serious or critical axe violations", async ({ page, connector }) => {
  const kw = new KwClientPage(page, connector.url);
  await kw.open("/");
  await expect(kw.signInHeading).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign in as Alex Morgan (kw1)" })).toBeVisible();
  await expect(kw.presence).toHaveCount(0);
  expect(await seriousViolations(page, "/ signed out")).toEqual([]);
});

test("a Preview, an accepted chat and the customer's chat page have no serious or critical axe violations", async ({ page, browser, connector }) => {
  const kw = new KwClientPage(page, connector.url);
  await kw.signIn("kw1");
  await kw.expectConnected();
  await kw.choosePresence("available");
  const customerContext = await browser.newContext();
  const customer = new CustomerChatPage(await customerContext.newPage(), connector.url);
  await customer.start("Pat", "Billing");
  await customer.send("Hello");
  await expect(preview(page)).toBeVisible();
  expect(await seriousViolations(page, "/ with a Preview")).toEqual([]);
  await page.screenshot({ path: "test-results/screenshots/preview-1280x800.png" });

  await preview(page).getByRole("button", { name: "Accept" }).click();
  await expect(interactionRegion(page, "Pat").getByRole("log")).toContainText("Hello");
  expect(await seriousViolations(page, "/ with a chat")).toEqual([]);
  await page.screenshot({ path: "test-results/screenshots/chat-1280x800.png" });

  await expect(customer.status).toHaveText("Alex Morgan joined the chat");
  expect(await seriousViolations(customer.page, "/chat")).toEqual([]);
  await customer.page.screenshot({ path: "test-results/screenshots/customer-chat.png" });
  await customerContext.close();
});
