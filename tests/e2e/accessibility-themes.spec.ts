/**
 * Issue 20: axe stays clean at 320 and 1280 px in the three themes (light, dark, high contrast by
 * forced colours) on /, /extension and /chat, with a Preview and an active chat on screen, and
 * Recent interactions listing a finished one.
 */
import type { Page } from "@playwright/test";
import { Connector } from "./support/connector";
import { acceptPreview, Contexts, InteractionRegion } from "./pages/interaction";
import { preview } from "./pages/preview";
import { seriousViolations } from "./support/axe";
import { expect, test } from "./support/fixtures";

/**
 * NOTE: under forced colours the system paints the page (Chromium renders Canvas/CanvasText), but
 * axe reads the author's colours for text and the forced ones for backgrounds, so its contrast
 * rule reports pairs never drawn. There every other rule runs; the client's own high-contrast
 * palette (the same theme) is contrast-checked with prefers-contrast: more.
 */
const THEMES = [
  ["default", { colorScheme: "light", forcedColors: "none", contrast: "no-preference" }, []],
  ["dark", { colorScheme: "dark", forcedColors: "none", contrast: "no-preference" }, []],
  ["contrast", { colorScheme: "light", forcedColors: "active", contrast: "no-preference" }, ["color-contrast"]],
  ["contrast", { colorScheme: "light", forcedColors: "none", contrast: "more" }, []],
] as const;

async function eachTheme(pages: Page[], check: (name: string, disableRules: string[]) => Promise<void>) {
  for (const [name, media, disableRules] of THEMES) {
    for (const page of pages) await page.emulateMedia(media);
    await check(name, [...disableRules]);
  }
}

for (const width of [320, 1280]) {
  test(`axe is clean in the three themes at ${width} px with a Preview and a chat, on /, /extension and /chat`, async ({ browser }) => {
    test.setTimeout(90_000);
    // NOTE: the Preview must outlive axe runs in three themes on a loaded machine (it would time out and set the worker Away).
    const connector = await Connector.start({ routing: { "max-chats": 3, "preview-timeout": 600 } });
    const contexts = new Contexts(browser);
    try {
      const viewport = { width, height: 800 };
      const kw1 = await contexts.worker(connector, "kw1", viewport);
      const page = kw1.page;
      // One chat finished (Recent interactions lists it), one active, one offered.
      const done = await connector.api<{ id: string }>("POST", "/api/v1/interactions", { media: "chat", from: "Robin", subject: "Earlier today", worker: "kw1" });
      await acceptPreview(page);
      const earlier = new InteractionRegion(page, "Robin");
      await earlier.endChat();
      await earlier.button("Done").click();
      await expect(page.getByRole("region", { name: "Recent interactions" }).getByRole("listitem")).toHaveCount(1);
      expect(done.id).toBeTruthy();

      const pat = await contexts.customer(connector, viewport);
      await pat.start("Pat", "Billing");
      await pat.send("Hello");
      await acceptPreview(page);
      const chat = new InteractionRegion(page, "Pat");
      await expect(chat.transcript).toContainText("Hello");
      await expect(pat.status).toHaveText("Alex Morgan joined the chat");
      await connector.api("POST", "/api/v1/interactions", { media: "chat", from: "Sam", subject: "Refund", worker: "kw1" });
      await expect(preview(page)).toBeVisible();

      await eachTheme([page, pat.page], async (name, disableRules) => {
        await expect(page.locator("html")).toHaveAttribute("data-theme", name);
        expect(await seriousViolations(page, `/ ${name} ${width}px`, { disableRules })).toEqual([]);
        expect(await seriousViolations(pat.page, `/chat ${name} ${width}px`, { disableRules })).toEqual([]);
      });
      await page.goto(`${connector.url}/extension`);
      await expect(preview(page)).toBeVisible();
      await expect(chat.transcript).toContainText("Hello");
      await eachTheme([page], async (name, disableRules) => {
        await expect(page.locator("html")).toHaveAttribute("data-theme", name);
        expect(await seriousViolations(page, `/extension ${name} ${width}px`, { disableRules })).toEqual([]);
      });
    } finally {
      await contexts.close();
      await connector.stop();
    }
  });
}
