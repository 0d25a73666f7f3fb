/**
 * The Teams tab opened from an invitation card's deep link (played by tests/e2e/support/teams-host.ts
 * with `subEntityId`, i.e. teams-js `page.subPageId`): that offer's Preview comes first with Accept
 * focused; a cached tab resumed from another card's link shows that one (the context is read
 * again on resume); a link whose offer is not open here says so; Teams' loading indicator is
 * dismissed once, at the first paint.
 */
import path from "node:path";
import { mkdirSync } from "node:fs";
import type { FrameLocator } from "@playwright/test";
import { KwClientPage } from "./pages/kw-client";
import { expect, test } from "./support/fixtures";
import { docsShots } from "./support/screenshots";
import { resizeFramed } from "./support/teams-cross-site";
import { TeamsHost } from "./support/teams-host";
import { Connector } from "./support/connector";

const previews = (app: FrameLocator) => app.getByRole("alertdialog", { name: "Incoming chat" });
const NOT_OPEN = "The invitation you opened is no longer open";

/** The host page at both widths, for the README (docs/teams/ with UCC_DOCS_SCREENSHOTS=1). */
async function shoot(page: import("@playwright/test").Page, name: string): Promise<void> {
  mkdirSync(docsShots("teams"), { recursive: true });
  for (const width of [1280, 320]) {
    await resizeFramed(page, { width, height: 900 });
    await page.screenshot({ path: path.join(docsShots("teams"), `${name}-${width}.png`) });
  }
  await resizeFramed(page, { width: 1280, height: 900 });
}

/** The worker's open offers by who they are from, as the web client reads them. */
async function offerIds(page: import("@playwright/test").Page, connector: Connector): Promise<Record<string, string>> {
  const offers = (await (await page.request.get(`${connector.url}/api/kw/offers`)).json()) as Array<{ id: string; interaction: { from: string } }>;
  return Object.fromEntries(offers.map((o) => [o.interaction.from, o.id]));
}

test("the tab opened from a deep link shows that offer first, another on resume from its link, and says when the offer is not open", async ({ page }) => {
  // NOTE: the offers must stay open through the whole test, however busy the machine is.
  test.setTimeout(90_000);
  const connector = await Connector.start({ routing: { "preview-timeout": 600 } });
  try {
    await tabFromDeepLink(page, connector);
  } finally {
    await connector.dispose();
  }
});

async function tabFromDeepLink(page: import("@playwright/test").Page, connector: Connector): Promise<void> {
  const kw = new KwClientPage(page, connector.url);
  await kw.signIn("kw1");
  await kw.expectConnected();
  await kw.choosePresence("available");
  for (const from of ["Pat First", "Sam Second"]) {
    await connector.api("POST", "/api/v1/interactions", { media: "chat", from, subject: `From ${from}`, worker: "kw1" });
  }
  await expect(page.getByRole("alertdialog", { name: "Incoming chat" })).toHaveCount(2);
  const ids = await offerIds(page, connector);
  // Shown in the order they came: Pat First leads outside Teams.
  await expect(page.getByRole("alertdialog", { name: "Incoming chat" }).first()).toContainText("Pat First");

  // Sam Second's card was pressed in Teams: the tab opens on that offer.
  const teams = await TeamsHost.open(page, { appUrl: `${connector.url}/extension`, subEntityId: ids["Sam Second"] });
  const app = teams.app;
  await expect(app.locator("[data-host=teams]")).toBeAttached();
  await expect(previews(app).first()).toContainText("Sam Second");
  await expect(previews(app).first().getByRole("button", { name: "Accept" })).toBeFocused();
  await expect(app.getByRole("note").filter({ hasText: NOT_OPEN })).toHaveCount(0);
  // The loading indicator went at the first paint, once: not again after the page's fetches.
  await expect(app.getByRole("status").filter({ hasText: "Connection" })).toContainText("Connected");
  expect([await teams.count("appInitialization.appLoaded"), await teams.count("appInitialization.success")]).toEqual([1, 1]);
  await shoot(page, "tab-from-deep-link");

  // Teams caches the tab; later Pat First's card is pressed: the resumed tab reads the context again.
  await teams.suspend();
  await teams.resume(ids["Pat First"]);
  await expect(previews(app).first()).toContainText("Pat First");
  await expect(previews(app).first().getByRole("button", { name: "Accept" })).toBeFocused();

  // Accepted here: it was shown, so its going away is no "not open" news.
  await previews(app).first().getByRole("button", { name: "Accept" }).click();
  await expect(app.getByRole("region", { name: "Interaction with Pat First" })).toBeVisible();
  await expect(app.getByRole("note").filter({ hasText: NOT_OPEN })).toHaveCount(0);

  // A card of an offer that is over (or someone else's): the tab says so, and shows what is open.
  await teams.suspend();
  await teams.resume("offer-that-is-not-open-here");
  await expect(app.getByRole("note").filter({ hasText: NOT_OPEN })).toBeVisible();
  await expect(previews(app)).toHaveCount(1);
  await expect(previews(app).first()).toContainText("Sam Second");
  await shoot(page, "tab-offer-not-open");
}
