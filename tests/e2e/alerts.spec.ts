/**
 * Nothing missed (issue 20, B10): a Preview in a hidden tab rings again and again until it is
 * answered or gone, its notification closes then, and the worker's Alerts settings can mute it.
 */
import type { Browser, BrowserContext } from "@playwright/test";
import { Connector } from "./support/connector";
import { expect, test } from "./support/fixtures";
import { fakeHiddenTab, recorded, ringLockHeld } from "./support/fake-hidden-tab";
import { CustomerChatPage } from "./pages/customer-chat";
import { KwClientPage } from "./pages/kw-client";
import { preview } from "./pages/preview";

const contexts: BrowserContext[] = [];
test.afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

async function hiddenWorker(browser: Browser, connector: Connector): Promise<KwClientPage> {
  const context = await browser.newContext();
  contexts.push(context);
  await fakeHiddenTab(context);
  const kw = new KwClientPage(await context.newPage(), connector.url);
  await kw.signIn("kw1");
  await kw.expectConnected();
  await kw.choosePresence("available");
  return kw;
}

/** A customer starts a chat; resolves with its interaction id. */
async function startChat(browser: Browser, connector: Connector, from: string): Promise<string> {
  const context = await browser.newContext();
  contexts.push(context);
  return new CustomerChatPage(await context.newPage(), connector.url).start(from, "Invoice");
}

test("a Preview in a hidden tab rings until it is rejected, and its notification closes then", async ({ browser, connector }) => {
  const kw = await hiddenWorker(browser, connector);
  await startChat(browser, connector, "Sasha");
  await expect(preview(kw.page)).toBeVisible();
  await expect.poll(async () => (await recorded(kw.page)).__notified).toEqual(["Incoming chat from Sasha"]);
  // The ring repeats while the offer is open.
  await expect.poll(async () => (await recorded(kw.page)).__rings, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
  expect(await ringLockHeld(kw.page)).toBe(true);

  await preview(kw.page).getByRole("button", { name: "Reject" }).click();
  await expect(preview(kw.page)).toBeHidden();
  await expect.poll(async () => (await recorded(kw.page)).__closed).toEqual(["Incoming chat from Sasha"]);
  // The ringing window lets go of the lock only once its ring has stopped.
  await expect.poll(() => ringLockHeld(kw.page)).toBe(false);
  const rings = (await recorded(kw.page)).__rings;
  expect((await recorded(kw.page)).__rings).toBe(rings);
});

test("a Preview withdrawn by the customer closes its notification", async ({ browser, connector }) => {
  const kw = await hiddenWorker(browser, connector);
  const id = await startChat(browser, connector, "Robin");
  await expect.poll(async () => (await recorded(kw.page)).__notified).toEqual(["Incoming chat from Robin"]);
  const ended = await kw.page.request.post(`${connector.url}/api/v1/interactions/${id}/end`, { headers: { authorization: `Bearer ${connector.apiKey}` } });
  expect(ended.status()).toBeLessThan(300);
  await expect(preview(kw.page)).toBeHidden();
  await expect.poll(async () => (await recorded(kw.page)).__closed).toEqual(["Incoming chat from Robin"]);
  await expect.poll(() => ringLockHeld(kw.page)).toBe(false);
});

test("with Sound off in Alerts, a Preview notifies but never rings", async ({ browser, connector }) => {
  const kw = await hiddenWorker(browser, connector);
  await kw.page.getByText("Alerts", { exact: true }).click();
  const sound = kw.page.getByRole("checkbox", { name: "Sound" });
  await sound.uncheck();
  await expect(sound).not.toBeChecked();
  await startChat(browser, connector, "Kim");
  await expect.poll(async () => (await recorded(kw.page)).__notified).toEqual(["Incoming chat from Kim"]);
  expect(await ringLockHeld(kw.page)).toBe(true);
  await preview(kw.page).getByRole("button", { name: "Reject" }).click();
  // The ringing window's whole life, from the lock taken to the lock let go, made no sound.
  await expect.poll(() => ringLockHeld(kw.page)).toBe(false);
  expect((await recorded(kw.page)).__rings).toBe(0);
  // The setting is kept for the next visit.
  await kw.page.reload();
  await kw.page.getByText("Alerts", { exact: true }).click();
  await expect(kw.page.getByRole("checkbox", { name: "Sound" })).not.toBeChecked();
});
