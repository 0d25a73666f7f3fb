/**
 * axe on the Interaction window's new states (issue 10): tabs of two chats with the Transfer
 * dialog open, a transfer Preview with its transcript, a call on hold with the keypad and the
 * Conference dialog, and after-call work with a disposition picker. No serious or critical
 * violations, at 1280 px and at 320 px.
 */
import { seriousViolations } from "./support/axe";
import { Connector } from "./support/connector";
import { Contexts, acceptPreview, InteractionRegion } from "./pages/interaction";
import { preview } from "./pages/preview";
import { expect, test } from "./support/fixtures";

let contexts: Contexts;
test.beforeEach(({ browser }) => {
  contexts = new Contexts(browser);
});
test.afterEach(async () => contexts.close());

for (const viewport of [{ width: 1280, height: 900 }, { width: 320, height: 900 }]) {
  test(`chats, a transfer Preview, a call on hold and after-call work have no serious axe violations (${viewport.width} px)`, async () => {
    test.setTimeout(90_000);
    const connector = await Connector.start({ routing: { "wrap-up-time": 60, dispositions: ["Resolved", "Follow-up"] } });
    try {
      const kw1 = await contexts.worker(connector, "kw1", viewport);
      const kw2 = await contexts.worker(connector, "kw2", viewport);
      await kw2.choosePresence("busy");
      const pat = await contexts.customer(connector);
      const kim = await contexts.customer(connector);
      await pat.start("Pat", "Billing");
      await acceptPreview(kw1.page);
      await kim.start("Kim", "Refund");
      await acceptPreview(kw1.page);
      await pat.send("Hello from Pat, see https://example.com/x");
      await kw2.choosePresence("available");
      const kimChat = new InteractionRegion(kw1.page, "Kim");
      await kimChat.button("Transfer").click();
      await expect(kimChat.dialog()).toBeVisible();
      await expect(kimChat.dialog().getByRole("combobox", { name: "To" })).toBeFocused();
      expect(await seriousViolations(kw1.page, "two chats, Transfer dialog")).toEqual([]);
      expect(await kw1.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await kimChat.dialog().getByRole("combobox", { name: "To" }).selectOption({ label: "Sam Rivera" });
      await kimChat.dialog().getByRole("button", { name: "Transfer", exact: true }).click();
      await expect(preview(kw2.page)).toBeVisible();
      expect(await seriousViolations(kw2.page, "transfer Preview")).toEqual([]);
      await preview(kw2.page).getByRole("button", { name: "Reject" }).click();

      await kimChat.endChat();
      await expect(kimChat.region.getByRole("combobox", { name: "Disposition" })).toBeVisible();
      expect(await seriousViolations(kw1.page, "after-call work")).toEqual([]);
      await kimChat.button("Done").click();
      await new InteractionRegion(kw1.page, "Pat").endChat();
      await new InteractionRegion(kw1.page, "Pat").button("Done").click();
      await kw1.choosePresence("available");

      await connector.api("POST", "/api/v1/interactions", { media: "voice", from: "Robin", worker: "kw1" });
      await acceptPreview(kw1.page, "call");
      const call = new InteractionRegion(kw1.page, "Robin");
      await call.button("Keypad").click();
      await call.button("Hold").click();
      await expect(call.button("Retrieve")).toBeEnabled();
      await call.button("Conference").click();
      await expect(call.dialog("Conference")).toBeVisible();
      expect(await seriousViolations(kw1.page, "call on hold, keypad, Conference dialog")).toEqual([]);
      expect(await kw1.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      // Escape closes the dialog and gives the focus back to the button that opened it.
      await kw1.page.keyboard.press("Escape");
      await expect(call.dialog("Conference")).toBeHidden();
      await expect(call.button("Conference")).toBeFocused();
    } finally {
      await connector.dispose();
    }
  });
}
