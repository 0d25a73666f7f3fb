/**
 * Issue 17: when Teams presence (Microsoft Graph) cannot be read, the web client says since when,
 * in the browser's time zone, and the line goes once the next poll caught up.
 */
import path from "node:path";
import { makeTestCertificates } from "../support/certificates";
import { startGraphStandIn } from "../support/graph-stand-in";
import { KwClientPage } from "./pages/kw-client";
import { Connector, REPO_ROOT } from "./support/connector";
import { expect, test } from "./support/fixtures";
import { SHOTS } from "./support/screenshots";
import { readFileSync } from "node:fs";

const ZONE = "Pacific/Kiritimati";
const inZone = (iso: string) => new Intl.DateTimeFormat("en", { hour: "numeric", minute: "2-digit", timeZone: ZONE }).format(new Date(iso));

test("the web client shows 'Teams presence: not in sync since' while Graph is down, and not once it caught up", async ({ browser }) => {
  const certificates = makeTestCertificates();
  const graph = await startGraphStandIn(certificates);
  const demo = JSON.parse(readFileSync(path.join(REPO_ROOT, "config", "demo.json"), "utf8")) as { workers: Array<Record<string, unknown>> };
  const upn = "alex.morgan@contoso.onmicrosoft.com";
  graph.addUser(upn);
  const connector = await Connector.start({
    config: { graph: graph.config({ "poll-seconds": 1 }), workers: demo.workers.map((w) => (w.id === "kw1" ? { ...w, upn } : w)) },
    env: { NODE_EXTRA_CA_CERTS: certificates.caPem, TZ: "UTC" },
  });
  const context = await browser.newContext({ timezoneId: ZONE, locale: "en-US" });
  try {
    const page = await context.newPage();
    const kw1 = new KwClientPage(page, connector.url);
    await kw1.signIn("kw1");
    await kw1.expectConnected();
    await kw1.choosePresence("available");
    const line = page.getByRole("status").filter({ hasText: /^Teams presence: not in sync since / });
    await expect(line).toHaveCount(0);

    await graph.down();
    await expect(line).toBeVisible();
    const me = await (await page.request.get(`${connector.url}/api/kw/me`)).json() as { teamsPresenceOutOfSyncSince: string };
    await expect(line).toHaveText(`Teams presence: not in sync since ${inZone(me.teamsPresenceOutOfSyncSince)}`);
    // Routing goes on with the presence chosen here.
    await expect(page.getByLabel("Presence")).toHaveValue("available");
    for (const width of [1280, 320]) {
      await page.setViewportSize({ width, height: 800 });
      await page.screenshot({ path: path.join(SHOTS, `teams-presence-out-of-sync-${width}.png`), fullPage: true });
    }
    // A reload paints it first, from the connector's own view.
    await page.reload();
    await expect(line).toBeVisible();

    await graph.up();
    await expect(line).toHaveCount(0);
  } finally {
    await context.close();
    await connector.dispose();
    await graph.close();
    certificates.remove();
  }
});
