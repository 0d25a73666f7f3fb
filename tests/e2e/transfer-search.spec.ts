/**
 * Issue 20: the Transfer dialog searches workers by name and shows each one's presence and free
 * capacity; the `To` combobox keeps the workers' names (CONTRACT.md).
 */
import { seriousViolations } from "./support/axe";
import { Contexts, acceptPreview, expectApi, InteractionRegion } from "./pages/interaction";
import { expect, test } from "./support/fixtures";

let contexts: Contexts;
test.beforeEach(({ browser }) => {
  contexts = new Contexts(browser);
});
test.afterEach(async () => contexts.close());

test("Search filters the To options; each worker shows presence and free capacity; the one found is the one transferred to", async ({ connector }) => {
  const kw1 = await contexts.worker(connector, "kw1");
  await contexts.worker(connector, "kw2");
  await contexts.worker(connector, "kw3");
  const pat = await contexts.customer(connector);
  const id = await pat.start("Pat", "Billing");
  await acceptPreview(kw1.page);
  const chat = new InteractionRegion(kw1.page, "Pat");

  await chat.button("Transfer").click();
  const dialog = chat.dialog("Transfer");
  const to = dialog.getByRole("combobox", { name: "To" });
  const who = dialog.getByRole("list", { name: "Who can take it now" });
  await expect(who.getByRole("listitem")).toHaveText(["Jordan Lee — Available, room for 3 more chats", "Sam Rivera — Available, room for 3 more chats"]);
  await expect(to.getByRole("option")).toHaveText(["Queue", "Jordan Lee", "Sam Rivera"]);
  expect(await seriousViolations(kw1.page, "transfer dialog")).toEqual([]);

  await dialog.getByRole("searchbox", { name: "Search" }).fill("sam");
  await expect(to.getByRole("option")).toHaveText(["Queue", "Sam Rivera"]);
  await expect(who.getByRole("listitem")).toHaveText(["Sam Rivera — Available, room for 3 more chats"]);
  await expect(to).toHaveValue("kw2");
  await expect(to).toHaveAccessibleDescription(/Sam Rivera — Available, room for 3 more chats/);

  await dialog.getByRole("searchbox", { name: "Search" }).fill("nobody");
  await expect(to.getByRole("option")).toHaveText(["Queue"]);
  await expect(dialog).toContainText("No name matches the search");
  await dialog.getByRole("searchbox", { name: "Search" }).fill("Sam");
  await dialog.getByRole("textbox", { name: "Note" }).fill("Billing expert");
  await dialog.getByRole("button", { name: "Transfer", exact: true }).click();
  await expectApi(connector, id, { invite: { purpose: "transfer", to: { id: "kw2" } } });
});
