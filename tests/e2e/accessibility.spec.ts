/** An axe check of the web client: no serious or critical violations, signed in or not. */
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { KwClientPage } from "./pages/kw-client";
import { expect, test } from "./support/fixtures";

async function seriousViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  for (const v of results.violations) {
    const where = v.nodes.map((n) => `    ${n.target.join(" ")}: ${n.failureSummary?.replace(/\s+/g, " ") ?? ""}`).join("\n");
    console.log(`[axe ${label}] ${v.impact ?? "?"} ${v.id}: ${v.help} (${v.helpUrl})\n${where}`);
  }
  return serious.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) }));
}

test("the signed-in page has no serious or critical axe violations", async ({ page, connector }) => {
  const kw = new KwClientPage(page, connector.url);
  await kw.signIn("kw1");
  await kw.expectConnected();
  await kw.expectPresence("offline");
  expect(await seriousViolations(page, "/ signed in")).toEqual([]);

  await kw.choosePresence("available");
  await kw.open("/extension");
  await kw.expectConnected();
  expect(await seriousViolations(page, "/extension signed in")).toEqual([]);
});

test("the signed-out page has no serious or critical axe violations", async ({ page, connector }) => {
  const kw = new KwClientPage(page, connector.url);
  await kw.open("/");
  await expect(kw.signInHeading).toBeVisible();
  await expect(page.getByRole("link", { name: "Sign in as Alex Morgan (kw1)" })).toBeVisible();
  await expect(kw.presence).toHaveCount(0);
  expect(await seriousViolations(page, "/ signed out")).toEqual([]);
});
