/**
 * Issue 20, "within a keystroke": every shortcut does what its button does, on the interaction in
 * front, keyboard only (the integration API shows the change), and none fires while the worker
 * types in the message box.
 */
import { Connector } from "./support/connector";
import { Contexts, expectApi, InteractionRegion } from "./pages/interaction";
import { preview } from "./pages/preview";
import { expect, test } from "./support/fixtures";

let contexts: Contexts;
test.beforeEach(({ browser }) => {
  contexts = new Contexts(browser);
});
test.afterEach(async () => contexts.close());

test("chat shortcuts: none fires while typing; Alt+T transfers, Alt+PageUp/PageDown move between tabs, Alt+X ends the one in front (asking first), Alt+W is Done", async ({ connector }) => {
  const kw1 = await contexts.worker(connector, "kw1");
  const page = kw1.page;
  const pat = await contexts.customer(connector);
  const kim = await contexts.customer(connector);
  const patId = await pat.start("Pat", "Billing");
  await expect(preview(page)).toBeVisible();
  await page.keyboard.press("Alt+A");
  const patChat = new InteractionRegion(page, "Pat");
  await expectApi(connector, patId, { state: "active", worker: "kw1" });

  // Typing: the keys are the message's, nothing opens and nothing ends.
  await patChat.message.focus();
  await page.keyboard.type("Hi");
  for (const key of ["Alt+T", "Alt+X", "Alt+W", "Alt+H", "Alt+M"]) await page.keyboard.press(key);
  await expect(patChat.message).toBeFocused();
  await expect(patChat.message).toHaveValue("Hi");
  await expect(patChat.dialog("Transfer")).toHaveCount(0);
  await expect(patChat.region.getByRole("alertdialog", { name: "End chat?" })).toHaveCount(0);
  await expectApi(connector, patId, { state: "active" });

  // Out of the text field, Alt+T opens Transfer as its button does; Escape closes it.
  await page.keyboard.press("Tab");
  await expect(patChat.message).not.toBeFocused();
  await page.keyboard.press("Alt+T");
  await expect(patChat.dialog("Transfer")).toBeVisible();
  await expect(patChat.dialog("Transfer").getByRole("combobox", { name: "To" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(patChat.dialog("Transfer")).toHaveCount(0);

  // A second chat comes to the front; the tab shortcuts move between the two.
  const kimId = await kim.start("Kim", "Refund");
  await expect(preview(page)).toBeVisible();
  await page.keyboard.press("Alt+A");
  const tabs = page.getByRole("tablist", { name: "Interactions in hand" });
  await expect(tabs.getByRole("tab", { name: /Kim/ })).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Alt+PageUp");
  await expect(tabs.getByRole("tab", { name: /Pat/ })).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Alt+PageDown");
  await expect(tabs.getByRole("tab", { name: /Kim/ })).toHaveAttribute("aria-selected", "true");

  // Alt+X asks about the chat in front only; the confirmation's End chat ends it.
  const kimChat = new InteractionRegion(page, "Kim");
  await page.keyboard.press("Alt+X");
  const confirm = kimChat.region.getByRole("alertdialog", { name: "End chat?" });
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await expect(confirm.getByRole("button", { name: "End chat" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expectApi(connector, kimId, { state: "wrap-up", capabilities: ["done"] });
  await expectApi(connector, patId, { state: "active" });
  await expect(kimChat.button("Done")).toBeEnabled();
  await page.keyboard.press("Alt+W");
  await expectApi(connector, kimId, { state: "done" });
  await expectApi(connector, patId, { state: "active" });
});

test("call shortcuts: Alt+H holds and retrieves, Alt+M mutes and unmutes, Alt+T transfers, Alt+X hangs up, Alt+W is Done", async () => {
  const connector = await Connector.start({ routing: { "wrap-up-time": 120 } });
  try {
    const kw1 = await contexts.worker(connector, "kw1");
    const page = kw1.page;
    const { id } = await connector.api<{ id: string }>("POST", "/api/v1/interactions", { media: "voice", from: "Robin", worker: "kw1" });
    await expect(preview(page, "call")).toBeVisible();
    await page.keyboard.press("Alt+A");
    const call = new InteractionRegion(page, "Robin");
    await expectApi(connector, id, { state: "active", call: { state: "established", muted: false } });
    await expect(call.button("Hold")).toBeEnabled();

    await page.keyboard.press("Alt+H");
    await expectApi(connector, id, { call: { state: "held" } });
    await expect(call.button("Retrieve")).toBeEnabled();
    await page.keyboard.press("Alt+H");
    await expectApi(connector, id, { call: { state: "established" } });
    await expect(call.button("Hold")).toBeEnabled();
    await page.keyboard.press("Alt+M");
    await expectApi(connector, id, { call: { muted: true } });
    await expect(call.button("Unmute")).toBeEnabled();
    await page.keyboard.press("Alt+M");
    await expectApi(connector, id, { call: { muted: false } });
    await expect(call.button("Mute")).toBeEnabled();

    await page.keyboard.press("Alt+T");
    await expect(call.dialog("Transfer")).toBeVisible();
    // Inside the dialog the call's keys are the dialog's: Alt+X does not hang up behind it.
    await page.keyboard.press("Alt+X");
    await expectApi(connector, id, { state: "active" });
    await page.keyboard.press("Escape");
    await expect(call.dialog("Transfer")).toHaveCount(0);

    await page.keyboard.press("Alt+X");
    await expectApi(connector, id, { state: "wrap-up", call: { state: "released" } });
    await expect(call.button("Done")).toBeEnabled();
    await page.keyboard.press("Alt+W");
    await expectApi(connector, id, { state: "done" });
  } finally {
    await connector.stop();
  }
});

test("the Keyboard shortcuts dialog lists every shortcut", async ({ connector }) => {
  const kw1 = await contexts.worker(connector, "kw1");
  await kw1.page.keyboard.press("?");
  const help = kw1.page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  for (const key of ["Alt+A", "Alt+R", "Alt+H", "Alt+M", "Alt+T", "Alt+X", "Alt+W", "Alt+PageDown", "Alt+PageUp", "Enter"]) {
    await expect(help.getByText(key, { exact: true })).toBeVisible();
  }
  await expect(help).toContainText("Hold or retrieve the call in front");
});
