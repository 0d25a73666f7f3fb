/**
 * The console IM gateway in a real browser (B7, B8): the invitation is one line on the
 * connector's stdout with the worker and the whole link; the link opens /extension with the
 * Preview; after the interaction the window stays and gets the next offer as a Preview; once it
 * is closed, the next offer is an invitation again.
 */
import path from "node:path";
import { expect, test } from "./support/fixtures";
import type { Connector } from "./support/connector";
import { invitationCycle } from "./support/invitation-cycle";
import { SHOTS } from "./support/screenshots";
import { shootText } from "./support/terminal-shot";

/** The link of the console line announcing a chat from `from`, once the connector printed it. */
async function consoleLink(connector: Connector, from: string): Promise<string> {
  const pattern = new RegExp(`^ucc invitation: kw1 \\(Alex Morgan\\), chat from ${from}: (http://\\S+)$`, "m");
  await expect.poll(() => pattern.test(connector.log), { timeout: 10_000 }).toBe(true);
  return pattern.exec(connector.log)![1];
}

test("console: the invitation line's link opens the Preview; then Previews in the open window; invitations again once it is closed", async ({ browser, connector }) => {
  await invitationCycle(browser, connector, "console", async (_id, from) => consoleLink(connector, from), async () => {
    const line = connector.log.split("\n").find((l) => l.startsWith("ucc invitation: "))!;
    await shootText(browser, "invitation-console.png", "connector stdout (console IM gateway)", line);
  });
});

test("a refused link gets a page that says what happened and offers to sign in", async ({ page, connector }) => {
  await page.goto(`${connector.url}/extension?invitation=v1.forged.token`);
  await expect(page.getByRole("heading", { name: "This invitation link is not valid" })).toBeVisible();
  const signIn = page.getByRole("link", { name: "Open the UC Connector to sign in" });
  await signIn.focus();
  await expect(signIn).toBeFocused();
  await page.screenshot({ path: path.join(SHOTS, "invitation-refused-1280.png") });
  await page.setViewportSize({ width: 320, height: 640 });
  await page.screenshot({ path: path.join(SHOTS, "invitation-refused-320.png") });
  await signIn.click();
  await expect(page).toHaveURL(`${connector.url}/extension`);
  await expect(page.getByRole("heading", { name: "You are not signed in" })).toBeVisible();
});
