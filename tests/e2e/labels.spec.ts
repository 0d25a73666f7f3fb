/**
 * Issue 20: dispositions and attached-data keys show configured, translated labels instead of raw
 * codes (falling back to the code), in the Preview, the interaction and the wrap-up picker; the
 * code is what the connector keeps.
 */
import { seriousViolations } from "./support/axe";
import { Connector } from "./support/connector";
import { Contexts, expectApi, InteractionRegion } from "./pages/interaction";
import { preview } from "./pages/preview";
import { expect, test } from "./support/fixtures";

let contexts: Contexts;
test.beforeEach(({ browser }) => {
  contexts = new Contexts(browser);
});
test.afterEach(async () => contexts.close());

test("labels for data keys and dispositions, codes kept", async () => {
  const connector = await Connector.start({
    config: {
      routing: { dispositions: ["Resolved", { code: "follow-up", label: { en: "Follow-up needed", fr: "Suivi nécessaire" } }] },
      "data-labels": { origin: { en: "Origin", fr: "Origine" }, "crm-id": { en: "CRM record" } },
    },
  });
  try {
    const kw1 = await contexts.worker(connector, "kw1");
    const page = kw1.page;
    const { id } = await connector.api<{ id: string }>("POST", "/api/v1/interactions", {
      media: "chat",
      from: "Pat",
      subject: "Billing",
      data: { origin: "web", "crm-id": "C-77", tier: "gold" },
      worker: "kw1",
    });
    const dialog = preview(page);
    await expect(dialog.getByRole("term")).toHaveText(["From", "Subject", "Origin", "CRM record", "tier"]);
    await dialog.getByRole("button", { name: "Accept" }).click();
    const chat = new InteractionRegion(page, "Pat");
    await expect(chat.region.getByRole("term")).toHaveText(["Origin", "CRM record", "tier"]);

    await chat.endChat();
    const disposition = chat.region.getByRole("combobox", { name: "Disposition" });
    await expect(disposition.getByRole("option")).toHaveText([/./, "Resolved", "Follow-up needed"]);
    await disposition.selectOption({ label: "Follow-up needed" });
    expect(await seriousViolations(page, "labelled wrap-up")).toEqual([]);
    await chat.button("Done").click();
    await expectApi(connector, id, { state: "done", disposition: { code: "follow-up" } });
  } finally {
    await connector.stop();
  }
});
