/**
 * Issue 20: the browser loads only the catalogue of the language it shows. An English page's
 * scripts hold no other language's messages; choosing Français loads French then, and shows it.
 */
import type { Page } from "@playwright/test";
import { KwClientPage } from "./pages/kw-client";
import { expect, test } from "./support/fixtures";

/** One message of each catalogue, as it would appear in a script that bundles it. */
const MARKERS = { en: "Recent interactions", fr: "Interactions récentes", de: "Letzte Interaktionen", it: "Interazioni recenti", es: "Interacciones recientes", ru: "Недавние взаимодействия" };

/**
 * The text of every script the page loads from now on; `read()` resolves once every body seen so
 * far has been read (a body arrives after its response event).
 */
function scriptsOf(page: Page) {
  const bodies: string[] = [];
  const reading: Promise<void>[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() !== "script") return;
    reading.push(response.text().then((text) => void bodies.push(text), () => undefined));
  });
  return {
    async read(): Promise<string[]> {
      await Promise.all(reading);
      return bodies;
    },
  };
}
const holds = (bodies: string[], text: string) => bodies.some((b) => b.includes(text));

test("an English page loads no other language's messages; choosing French loads French", async ({ browser, connector }) => {
  const context = await browser.newContext({ locale: "en-US" });
  try {
    const page = await context.newPage();
    const kw1 = new KwClientPage(page, connector.url);
    await kw1.signIn("kw1");
    const scripts = scriptsOf(page);
    await page.reload();
    await kw1.expectConnected();
    await expect(page.getByRole("heading", { name: "Recent interactions" })).toBeVisible();
    const english = await scripts.read();
    expect(english.length).toBeGreaterThan(0);
    for (const [locale, marker] of Object.entries(MARKERS)) expect(holds(english, marker), locale).toBe(false);
    // The first paint's messages came with the page, not as a script of all languages.
    expect(await page.content()).not.toContain(MARKERS.fr);

    await page.getByRole("combobox", { name: "Language" }).selectOption({ label: "Français" });
    await expect(page.getByRole("heading", { name: MARKERS.fr })).toBeVisible();
    // NOTE: the French chunk's body may still be on its way when the heading shows: wait for it.
    await expect.poll(async () => holds(await scripts.read(), MARKERS.fr)).toBe(true);
    const french = await scripts.read();
    for (const locale of ["de", "it", "es", "ru"] as const) expect(holds(french, MARKERS[locale]), locale).toBe(false);
  } finally {
    await context.close();
  }
});
