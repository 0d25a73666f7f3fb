/**
 * Issue 20, canned responses: `/` at the start of the message box opens the deployment's responses
 * (the demo configuration's three) under it, typing filters them, arrows and Enter put the text in
 * the worker's language into the box, editable before it is sent, and Escape closes the list.
 */
import { seriousViolations } from "./support/axe";
import { Contexts, acceptPreview, InteractionRegion } from "./pages/interaction";
import { expect, test } from "./support/fixtures";

let contexts: Contexts;
test.beforeEach(({ browser }) => {
  contexts = new Contexts(browser);
});
test.afterEach(async () => contexts.close());

test("/ opens the canned responses as a combobox's listbox; /ref filters; Enter inserts, the text is edited and sent; Escape closes", async ({ connector }) => {
  const kw1 = await contexts.worker(connector, "kw1");
  const page = kw1.page;
  const pat = await contexts.customer(connector);
  await pat.start("Pat", "Refund");
  await acceptPreview(page);
  const chat = new InteractionRegion(page, "Pat");

  await chat.message.focus();
  await page.keyboard.type("/");
  const box = chat.region.getByRole("combobox", { name: "Message" });
  const list = chat.region.getByRole("listbox", { name: "Canned responses" });
  await expect(box).toHaveAttribute("aria-expanded", "true");
  await expect(list.getByRole("option")).toHaveCount(3);
  await expect(box).toHaveAttribute("aria-controls", (await list.getAttribute("id")) ?? "");
  const first = list.getByRole("option").first();
  await expect(first).toHaveAttribute("aria-selected", "true");
  await expect(box).toHaveAttribute("aria-activedescendant", (await first.getAttribute("id")) ?? "");
  expect(await seriousViolations(page, "canned responses open")).toEqual([]);

  // Arrows move the active option; Escape closes the list and leaves the draft.
  await page.keyboard.press("ArrowDown");
  await expect(list.getByRole("option").nth(1)).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Escape");
  await expect(list).toHaveCount(0);
  await expect(chat.message).toHaveValue("/");

  // Search as you type; Enter inserts the text, which stays editable before Enter sends it.
  await page.keyboard.type("ref");
  await expect(list.getByRole("option")).toHaveCount(1);
  await expect(list.getByRole("option")).toContainText("Your refund has been approved");
  await page.keyboard.press("Enter");
  await expect(list).toHaveCount(0);
  await expect(chat.message).toHaveValue("Your refund has been approved and will reach your account within 5 business days.");
  await expect(chat.transcript).not.toContainText("Your refund");
  await page.keyboard.type(" Anything else?");
  await page.keyboard.press("Enter");
  await expect(pat.transcript).toContainText("within 5 business days. Anything else?");

  // A / later in a message is text: no list.
  await page.keyboard.type("and/or");
  await expect(list).toHaveCount(0);
});

test("the response is inserted in the worker's language", async ({ connector }) => {
  const kw1 = await contexts.worker(connector, "kw1");
  const page = kw1.page;
  const response = await page.request.put(`${connector.url}/api/kw/language`, { data: { language: "fr" }, headers: { origin: connector.url } });
  expect(response.ok()).toBe(true);
  const pat = await contexts.customer(connector);
  await pat.start("Pat", "Refund");
  await page.reload();
  const dialog = page.getByRole("alertdialog", { name: "Chat entrant" });
  await dialog.getByRole("button", { name: "Accepter" }).click();
  const region = page.getByRole("region", { name: "Interaction avec Pat" });
  const message = region.getByRole("textbox", { name: "Message" });
  await message.focus();
  await page.keyboard.type("/clos");
  await expect(region.getByRole("listbox", { name: "Réponses prédéfinies" }).getByRole("option")).toHaveCount(1);
  await page.keyboard.press("Enter");
  await expect(message).toHaveValue("Puis-je vous aider pour autre chose\u202f?");
});
