/**
 * Issue 20, Recent interactions: the worker's finished interactions of its day in a region of
 * their own (on / and /extension), each with media, end time and disposition label; a chat's
 * transcript opens and closes from the keyboard; the list follows an interaction becoming done
 * without a reload; honest empty and error states; axe stays clean.
 */
import { seriousViolations } from "./support/axe";
import { Connector } from "./support/connector";
import { acceptPreview, Contexts, expectApi, InteractionRegion } from "./pages/interaction";
import { expect, test } from "./support/fixtures";

let contexts: Contexts;
test.beforeEach(({ browser }) => {
  contexts = new Contexts(browser);
});
test.afterEach(async () => contexts.close());

test("today's finished chat shows with its disposition label and its transcript, kept live, on / and /extension", async () => {
  const connector = await Connector.start({
    config: { routing: { dispositions: [{ code: "follow-up", label: { en: "Follow-up needed", fr: "Suivi nécessaire" } }] } },
  });
  try {
    const kw1 = await contexts.worker(connector, "kw1");
    const page = kw1.page;
    const recent = page.getByRole("region", { name: "Recent interactions" });
    await expect(recent.getByRole("heading", { name: "Recent interactions" })).toBeVisible();
    await expect(recent.getByText("No finished interactions today")).toBeVisible();

    const { id } = await connector.api<{ id: string }>("POST", "/api/v1/interactions", { media: "chat", from: "Pat", subject: "Billing", worker: "kw1" });
    await connector.api("POST", `/api/v1/interactions/${id}/messages`, { text: "My invoice is wrong" });
    await acceptPreview(page);
    const chat = new InteractionRegion(page, "Pat");
    await chat.send("Let me check");
    await chat.endChat();
    await chat.region.getByRole("combobox", { name: "Disposition" }).selectOption({ label: "Follow-up needed" });
    await chat.button("Done").click();
    await expectApi(connector, id, { state: "done" });

    // The push that the chat is done brings it into the list, no reload.
    const item = recent.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Pat" }) });
    await expect(item).toBeVisible();
    await expect(item).toContainText("Billing");
    await expect(item).toContainText("Chat");
    await expect(item).toContainText("Disposition: Follow-up needed");
    await expect(item.locator("time[datetime]")).toHaveText(/^Ended at \d/);
    await expect(recent.getByText("No finished interactions today")).toBeHidden();

    // The transcript, from the keyboard.
    const show = item.getByRole("button", { name: "Show transcript" });
    await expect(show).toHaveAttribute("aria-expanded", "false");
    await show.focus();
    await page.keyboard.press("Enter");
    const transcript = item.getByRole("log", { name: "Transcript" });
    await expect(transcript).toContainText("My invoice is wrong");
    await expect(transcript).toContainText("Let me check");
    const hide = item.getByRole("button", { name: "Hide transcript" });
    await expect(hide).toHaveAttribute("aria-expanded", "true");
    await expect(hide).toBeFocused();
    expect(await seriousViolations(page, "recent interactions, transcript open")).toEqual([]);
    await page.keyboard.press("Space");
    await expect(transcript).toBeHidden();

    // The same in the extension window.
    await page.goto(`${connector.url}/extension`);
    const inExtension = page.getByRole("region", { name: "Recent interactions" }).getByRole("listitem");
    await expect(inExtension).toHaveCount(1);
    await expect(inExtension).toContainText("Pat");
  } finally {
    await connector.stop();
  }
});

test("says so when the list cannot be read, and Try again reads it", async ({ connector }) => {
  const kw1 = await contexts.worker(connector, "kw1");
  const page = kw1.page;
  let refuse = true;
  await page.route("**/api/kw/recent?**", (route) =>
    refuse ? route.fulfill({ status: 500, contentType: "application/json", body: JSON.stringify({ error: { code: "internal", message: "x" } }) }) : route.continue(),
  );
  await page.reload();
  const recent = page.getByRole("region", { name: "Recent interactions" });
  await expect(recent.getByRole("alert")).toContainText("Your recent interactions could not be loaded: the connector could not complete the request");
  refuse = false;
  await recent.getByRole("button", { name: "Try again" }).click();
  await expect(recent.getByText("No finished interactions today")).toBeVisible();
});
