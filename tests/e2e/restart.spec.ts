/**
 * The connector going away and coming back: presence is kept over a clean stop and over a crash
 * (kill -9), the session survives in the store, and an open page shows Reconnecting while the
 * connector is gone and Connected again afterwards, without a reload.
 */
import { KwClientPage } from "./pages/kw-client";
import { expect, test } from "./support/fixtures";

test("presence is kept when the connector is stopped and started again", async ({ context, connector }) => {
  const kw = new KwClientPage(await context.newPage(), connector.url);
  await kw.signIn("kw1");
  await kw.expectConnected();
  await kw.choosePresence("busy");
  await kw.page.close();
  await expect.poll(async () => (await connector.worker("kw1")).windows, { timeout: 15_000 }).toBe(0);

  await connector.stop();
  await connector.restart();

  expect(await connector.worker("kw1")).toMatchObject({ presence: "busy", windows: 0 });
  // A new window in the same browser: the session cookie is still good after the restart.
  const again = new KwClientPage(await context.newPage(), connector.url);
  await again.open("/");
  await expect(again.signInHeading).toHaveCount(0);
  await expect(again.workerName("Alex Morgan")).toBeVisible();
  await again.expectConnected();
  await again.expectPresence("busy");
  await expect.poll(async () => (await connector.worker("kw1")).windows).toBe(1);
});

test("presence is kept when the connector crashes (kill -9) and starts again", async ({ page, connector }) => {
  const kw = new KwClientPage(page, connector.url);
  await kw.signIn("kw1");
  await kw.expectConnected();
  await kw.choosePresence("away");

  // At once after the acknowledgement: what was acknowledged must be on disk.
  await connector.kill9();
  await connector.restart();

  expect((await connector.worker("kw1")).presence).toBe("away");
  // The page that stayed open finds its way back, and a reload shows the same.
  await kw.expectConnected(25_000);
  await kw.expectPresence("away");
  await page.reload();
  await expect(kw.workerName("Alex Morgan")).toBeVisible();
  await kw.expectConnected();
  await kw.expectPresence("away");
});

test("the page shows Reconnecting while the connector is gone and Connected after, without a reload", async ({ page, connector }) => {
  const kw = new KwClientPage(page, connector.url);
  await kw.signIn("kw1");
  await kw.expectConnected();
  await kw.choosePresence("available");
  // Marks this document: a reload would lose it.
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

  await connector.stop();
  await expect(kw.connection).toContainText(/Reconnecting|Offline/, { timeout: 10_000 });
  await expect(kw.connection).not.toContainText("Connected");
  // The rest of the client stays on screen while it reconnects.
  await kw.expectPresence("available");

  await connector.restart();
  await kw.expectConnected(25_000);
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  await kw.expectPresence("available");

  // Re-subscribed after the new handshake: a push reaches the page again.
  await expect.poll(async () => (await connector.worker("kw1")).windows).toBe(1);
  await connector.setPresenceFromUc("kw1", "dnd");
  await expect(kw.selectedOption()).toHaveText("Do Not Disturb");
});
