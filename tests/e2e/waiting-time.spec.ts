/**
 * Issue 20: the customer's waiting time since their last message shows on the interaction's tab
 * (or, with one interaction and no tabs, in its header) while the worker has not answered.
 */
import { Contexts, acceptPreview, InteractionRegion } from "./pages/interaction";
import { expect, test } from "./support/fixtures";

let contexts: Contexts;
test.beforeEach(({ browser }) => {
  contexts = new Contexts(browser);
});
test.afterEach(async () => contexts.close());

const WAITING = /Waiting \d+:\d\d/;

test("Waiting m:ss shows on the tab after a customer message and goes when the worker answers", async ({ connector }) => {
  const kw1 = await contexts.worker(connector, "kw1");
  const page = kw1.page;
  const pat = await contexts.customer(connector);
  const kim = await contexts.customer(connector);
  await pat.start("Pat", "Billing");
  await acceptPreview(page);
  const patChat = new InteractionRegion(page, "Pat");
  await patChat.send("Hello Pat");

  // One chat: no tabs, the header says it.
  await expect(patChat.region.getByText(WAITING)).toHaveCount(0);
  await pat.send("My invoice is wrong");
  await expect(patChat.region.getByText(WAITING)).toBeVisible();
  await patChat.send("Let me look");
  await expect(patChat.region.getByText(WAITING)).toHaveCount(0);

  // Two chats: each tab says its own customer's wait.
  await kim.start("Kim", "Refund");
  await acceptPreview(page);
  const kimChat = new InteractionRegion(page, "Kim");
  await kimChat.send("Hello Kim");
  const tabs = page.getByRole("tablist", { name: "Interactions in hand" });
  const patTab = tabs.getByRole("tab", { name: /Pat/ });
  const kimTab = tabs.getByRole("tab", { name: /Kim/ });
  await expect(patTab).not.toContainText(WAITING);
  await pat.send("Still there?");
  await expect(patTab).toContainText(WAITING);
  await expect(kimTab).not.toContainText(WAITING);
  await patTab.click();
  await patChat.send("Yes, one moment");
  await expect(patTab).not.toContainText(WAITING);
});
