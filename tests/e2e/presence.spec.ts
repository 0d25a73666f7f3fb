/**
 * Presence in the web client (issue 2): sign in, the drop-down, every window of a worker kept in
 * step, closing windows keeps presence (B2), the UC side's presence shows live, and
 * workers do not see each other's changes.
 */
import { KwClientPage } from "./pages/kw-client";
import { expect, test } from "./support/fixtures";

test("sign in as kw1, see the client, and choose Available", async ({ page, connector }) => {
  const kw = new KwClientPage(page, connector.url);
  await kw.signIn("kw1");

  await expect(kw.workerName("Alex Morgan")).toBeVisible();
  await kw.expectConnected();
  await kw.expectPresence("offline");
  await expect(kw.interactions).toBeVisible();
  await expect(kw.emptyState).toBeVisible();
  expect(await connector.events()).toEqual([]);

  await kw.choosePresence("available");
  await kw.expectPresence("available");
  await kw.expectConnected();

  const worker = await connector.worker("kw1");
  expect(worker).toMatchObject({ id: "kw1", name: "Alex Morgan", presence: "available", windows: 1 });

  const events = await connector.events(0);
  const ready = events.filter((e) => e.type === "RequestAgentReady" && e.worker === "kw1");
  expect(ready, JSON.stringify(events)).toHaveLength(1);
  expect(ready[0].reasons?.KW_UC_STATUS).toBe("ready");
});

test("a presence change in one window shows in the other", async ({ context, connector }) => {
  const first = new KwClientPage(await context.newPage(), connector.url);
  await first.signIn("kw1");
  const second = new KwClientPage(await context.newPage(), connector.url);
  await second.open("/");

  for (const kw of [first, second]) {
    await kw.expectConnected();
    await kw.expectPresence("offline");
  }
  await expect.poll(async () => (await connector.worker("kw1")).windows).toBe(2);

  await first.choosePresence("busy");
  await expect(second.presence).toHaveValue("busy");
  await expect(second.selectedOption()).toHaveText("Busy");

  // And the other way round.
  await second.choosePresence("available");
  await expect(first.presence).toHaveValue("available");

  expect(await connector.worker("kw1")).toMatchObject({ presence: "available", windows: 2 });
});

for (const how of ["page.close()", "context.close()"] as const) {
  test(`closing every window (${how}) counts them closed and keeps presence`, async ({ browser, connector }) => {
    const context = await browser.newContext();
    try {
      const first = new KwClientPage(await context.newPage(), connector.url);
      await first.signIn("kw1");
      const second = new KwClientPage(await context.newPage(), connector.url);
      await second.open("/");
      await first.expectConnected();
      await second.expectConnected();

      await first.choosePresence("available");
      await expect(second.presence).toHaveValue("available");
      await expect.poll(async () => (await connector.worker("kw1")).windows).toBe(2);
      const before = await connector.events(0);

      if (how === "page.close()") {
        await first.page.close();
        await second.page.close();
      } else {
        await context.close();
      }

      await expect.poll(async () => (await connector.worker("kw1")).windows, { timeout: 15_000 }).toBe(0);
      // B2: closing the windows is not a logout: presence and the reports are untouched.
      expect((await connector.worker("kw1")).presence).toBe("available");
      expect(await connector.events(0)).toEqual(before);
    } finally {
      await context.close();
    }
  });
}

test("a presence set on the UC side shows in the open window", async ({ page, connector }) => {
  const kw = new KwClientPage(page, connector.url);
  await kw.signIn("kw1");
  await kw.expectConnected();
  await kw.expectPresence("offline");

  const answer = await connector.setPresenceFromUc("kw1", "dnd");
  expect(answer.presence).toBe("dnd");
  await expect(kw.selectedOption()).toHaveText("Do Not Disturb");
  await expect(kw.presence).toHaveValue("dnd");

  // The hint follows the refetch that the push triggers.
  await expect(page.getByText("You receive no new chats or calls.")).toBeVisible();
});

test("another worker in another browser does not see kw1's changes", async ({ browser, connector }) => {
  const context1 = await browser.newContext();
  const context2 = await browser.newContext();
  try {
    const kw1 = new KwClientPage(await context1.newPage(), connector.url);
    const kw2 = new KwClientPage(await context2.newPage(), connector.url);
    await kw1.signIn("kw1");
    await kw2.signIn("kw2");
    await kw1.expectConnected();
    await kw2.expectConnected();
    await expect(kw2.workerName("Sam Rivera")).toBeVisible();
    await expect(kw2.workerName("Alex Morgan")).toHaveCount(0);

    await connector.setPresenceFromUc("kw2", "away");
    await kw2.expectPresence("away");
    await kw1.expectPresence("offline");

    await kw1.choosePresence("available");
    await connector.setPresenceFromUc("kw1", "busy");
    await kw1.expectPresence("busy");
    // kw2 heard nothing of it. A push of kw2's own, published after kw1's, arrives after anything
    // published before it; once it shows, kw2 still shows only its own presences.
    await connector.setPresenceFromUc("kw2", "dnd");
    await kw2.expectPresence("dnd");

    expect(await connector.worker("kw1")).toMatchObject({ presence: "busy", windows: 1 });
    expect(await connector.worker("kw2")).toMatchObject({ presence: "dnd", windows: 1 });
  } finally {
    await context1.close();
    await context2.close();
  }
});

test("arrowing through the closed drop-down changes nothing until Enter; Escape takes the choice back (WCAG 3.2.2)", async ({ page, connector }) => {
  const kw = new KwClientPage(page, connector.url);
  await kw.signIn("kw1");
  await kw.expectConnected();
  await kw.expectPresence("offline");
  const before = (await connector.events(0)).length;

  // Offline is last: Home goes to Available, then two steps down to Do Not Disturb.
  await kw.presence.focus();
  await page.keyboard.press("Home");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect(kw.presence).toHaveValue("dnd");
  await expect(page.getByText("Enter sets Do Not Disturb")).toBeVisible();
  expect((await connector.worker("kw1")).presence).toBe("offline");
  expect(await connector.events(0)).toHaveLength(before);

  await page.keyboard.press("Escape");
  await expect(kw.presence).toHaveValue("offline");
  expect((await connector.worker("kw1")).presence).toBe("offline");

  await page.keyboard.press("ArrowUp");
  await expect(kw.presence).not.toHaveValue("offline");
  const chosen = await kw.presence.inputValue();
  await page.keyboard.press("Enter");
  await expect.poll(async () => (await connector.worker("kw1")).presence).toBe(chosen);
  // One change, one report: none for the options passed on the way.
  const after = (await connector.events(0)).slice(before);
  expect(after.map((e) => e.type)).toHaveLength(1);
});
