/**
 * Drafts and failed sends (issue 20): an unsent message survives a reload; a send the connector
 * never got says so under the composer, and Retry sends it once, with the same message id.
 */
import { Contexts, acceptPreview, InteractionRegion } from "./pages/interaction";
import { expect, test } from "./support/fixtures";

let contexts: Contexts;
test.beforeEach(({ browser }) => {
  contexts = new Contexts(browser);
});
test.afterEach(async () => contexts.close());

test("a draft survives a reload and goes once sent", async ({ connector }) => {
  const kw1 = await contexts.worker(connector, "kw1");
  const pat = await contexts.customer(connector);
  await pat.start("Pat", "Invoice");
  await acceptPreview(kw1.page);
  const chat = new InteractionRegion(kw1.page, "Pat");
  await chat.message.fill("Half a thought");
  await kw1.page.reload();
  await expect(chat.message).toHaveValue("Half a thought");
  await chat.message.press("Enter");
  await expect(pat.transcript).toContainText("Half a thought");
  await expect(chat.message).toHaveValue("");
  await kw1.page.reload();
  await expect(chat.transcript).toContainText("Half a thought");
  await expect(chat.message).toHaveValue("");
});

test("a send that fails says so, and Retry sends it once with the same id", async ({ connector }) => {
  const kw1 = await contexts.worker(connector, "kw1");
  const pat = await contexts.customer(connector);
  const id = await pat.start("Pat", "Invoice");
  await acceptPreview(kw1.page);
  const chat = new InteractionRegion(kw1.page, "Pat");
  const sent: string[] = [];
  let fail = true;
  await kw1.page.route("**/actions/send", async (route) => {
    sent.push((route.request().postDataJSON() as { id: string }).id);
    if (fail) await route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: { code: "unavailable", message: "down" } }) });
    else await route.continue();
  });
  await chat.message.fill("Your refund is on its way");
  await chat.message.press("Enter");
  const failure = chat.region.getByRole("alert").filter({ hasText: "Not sent" });
  await expect(failure).toBeVisible();
  await expect(chat.message).toHaveValue("Your refund is on its way");

  fail = false;
  // Retry is reached from the message box by the keyboard.
  await chat.message.focus();
  const retry = failure.getByRole("button", { name: "Retry" });
  await kw1.page.keyboard.press("Tab");
  await expect(retry).toBeFocused();
  await kw1.page.keyboard.press("Enter");
  await expect(failure).toHaveCount(0);
  await expect(pat.transcript).toContainText("Your refund is on its way");
  await expect(chat.message).toHaveValue("");
  expect(sent).toHaveLength(2);
  expect(sent[1]).toBe(sent[0]);
  const kept = await connector.api<{ text: string }[]>("GET", `/api/v1/interactions/${id}/messages`);
  expect(kept.filter((m) => m.text === "Your refund is on its way")).toHaveLength(1);
});
