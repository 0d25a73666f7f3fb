/**
 * Issue 20: times agree with the browser. The connector renders the first paint in its own zone
 * (UTC here); a browser far from it (Pacific/Kiritimati, UTC+14) shows the presence "since" time
 * and each transcript time in its own zone, and hydrating the first paint raises no mismatch.
 */
import type { ConsoleMessage, Page } from "@playwright/test";
import { KwClientPage } from "./pages/kw-client";
import { acceptPreview, InteractionRegion } from "./pages/interaction";
import { Connector } from "./support/connector";
import { expect, test } from "./support/fixtures";

const ZONE = "Pacific/Kiritimati";
const inZone = (iso: string) => new Intl.DateTimeFormat("en", { hour: "numeric", minute: "2-digit", timeZone: ZONE }).format(new Date(iso));

/** Console errors and uncaught page errors (a hydration mismatch is reported as one of them). */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m: ConsoleMessage) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}
const hydrationErrors = (errors: string[]) => errors.filter((e) => /hydrat|did not match|#418|#423|#425/i.test(e));

test("the presence since time and transcript times are the browser's zone's, and hydration raises no mismatch", async ({ browser }) => {
  const connector = await Connector.start({ env: { TZ: "UTC" } });
  const context = await browser.newContext({ timezoneId: ZONE, locale: "en-US" });
  try {
    const page = await context.newPage();
    const errors = collectErrors(page);
    const kw1 = new KwClientPage(page, connector.url);
    await kw1.signIn("kw1");
    await kw1.expectConnected();
    await kw1.choosePresence("available");
    const { id } = await connector.api<{ id: string }>("POST", "/api/v1/interactions", { media: "chat", from: "Pat", worker: "kw1" });
    await connector.api("POST", `/api/v1/interactions/${id}/messages`, { text: "Hello from far away" });
    await acceptPreview(page);
    const chat = new InteractionRegion(page, "Pat");
    await expect(chat.transcript).toContainText("Hello from far away");

    // A fresh first paint from the connector (UTC), hydrated in Kiritimati.
    errors.length = 0;
    await page.reload();
    await kw1.expectConnected();
    const worker = await connector.api<{ presenceSince: string }>("GET", "/api/v1/workers/kw1");
    await expect(page.getByText(/^Since /)).toHaveText(`Since ${inZone(worker.presenceSince)}`);
    const messages = await connector.api<{ text: string; at: string }[]>("GET", `/api/v1/interactions/${id}/messages`);
    const first = messages.find((m) => m.text === "Hello from far away")!;
    await expect(chat.transcript.locator(`time[datetime="${first.at}"]`).first()).toHaveText(inZone(first.at));
    expect(hydrationErrors(errors)).toEqual([]);
  } finally {
    await context.close();
    await connector.stop();
  }
});
