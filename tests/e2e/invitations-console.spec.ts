/**
 * The console IM gateway in a real browser (B7, B8): the invitation is one line on the
 * connector's stdout with the worker and the whole link; the link shows a page with Open, which
 * opens /extension with the Preview, signed in for that interaction only; once it is done the
 * window says the access ended, and the next offer is an invitation again.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./support/fixtures";
import type { Connector } from "./support/connector";
import { acceptPreview, InteractionRegion } from "./pages/interaction";
import { seriousViolations } from "./support/axe";
import { createChat, invitationCycle } from "./support/invitation-cycle";
import { docsShots, SHOTS } from "./support/screenshots";
import { shootText } from "./support/terminal-shot";

/** The link's page and the window it opens: docs/invitations/ with UCC_DOCS_SCREENSHOTS=1. */
const DOCS = docsShots("invitations");

/** The link of the console line announcing a chat from `from`, once the connector printed it. */
async function consoleLink(connector: Connector, from: string): Promise<string> {
  const pattern = new RegExp(`^ucc invitation: kw1 \\(Alex Morgan\\), chat from ${from}: (http://\\S+)$`, "m");
  await expect.poll(() => pattern.test(connector.log), { timeout: 10_000 }).toBe(true);
  return pattern.exec(connector.log)![1];
}

test("console: the invitation line's link shows Open, which opens the Preview for that interaction only; the next offer is an invitation again", async ({ browser, connector }) => {
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

test("Open, the Preview, Accept and a chat work end to end in a window signed in for that interaction only; at 1280 and 320 px", async ({ browser, connector }) => {
  await connector.setPresenceFromUc("kw1", "available");
  const id = await createChat(connector, "Pat Customer", "Billing question");
  const link = await consoleLink(connector, "Pat Customer");
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    // The link's page: what it is for, and Open, reached by the keyboard.
    await page.goto(link);
    await expect(page.getByRole("heading", { name: "Incoming chat" })).toBeVisible();
    await expect(page.locator("time[datetime]")).toHaveText(/\d+ seconds?/);
    await expect(page.getByText("Open gives access to this interaction only.")).toBeVisible();
    expect(await seriousViolations(page, "invitation landing")).toEqual([]);
    mkdirSync(DOCS, { recursive: true });
    await page.screenshot({ path: path.join(DOCS, "invitation-landing-1280.png") });
    await page.setViewportSize({ width: 320, height: 640 });
    await page.screenshot({ path: path.join(DOCS, "invitation-landing-320.png") });
    await page.keyboard.press("Tab");
    await expect(page.getByRole("button", { name: "Open" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(`${connector.url}/extension`);

    // Signed in for that interaction only: a note instead of the presence drop-down.
    const note = page.getByRole("note", { name: "Signed in for this interaction only." });
    await expect(note).toBeVisible();
    await expect(note.getByRole("link", { name: "Sign in for everything" })).toHaveAttribute("href", "/signin?next=%2Fextension");
    await expect(page.getByRole("combobox", { name: "Presence" })).toHaveCount(0);
    await expect(page.getByRole("combobox", { name: "Language" })).toHaveCount(0);
    await acceptPreview(page);
    const chat = new InteractionRegion(page, "Pat Customer");
    await chat.send("Hello Pat, Alex here.");
    await expect.poll(async () => (await connector.api<Array<{ text: string }>>("GET", `/api/v1/interactions/${id}/messages`)).map((m) => m.text)).toContain("Hello Pat, Alex here.");
    await connector.api("POST", `/api/v1/interactions/${id}/messages`, { text: "Thanks!" });
    await expect(chat.transcript).toContainText("Thanks!");
    expect(await seriousViolations(page, "scoped window")).toEqual([]);
    await page.screenshot({ path: path.join(DOCS, "invitation-scoped-320.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: path.join(DOCS, "invitation-scoped-1280.png") });

    // Done: the access ends with the interaction, and the page says so and offers the sign-in.
    await connector.api("POST", `/api/v1/interactions/${id}/end`);
    await chat.button("Done").click();
    await expect(page.getByRole("heading", { name: "Your access has ended" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Sign in for everything" })).toBeVisible();
    await page.screenshot({ path: path.join(DOCS, "invitation-ended-1280.png") });
    await page.setViewportSize({ width: 320, height: 640 });
    await page.screenshot({ path: path.join(DOCS, "invitation-ended-320.png") });
    const me = await page.request.get(`${connector.url}/api/kw/me`);
    expect(me.status()).toBe(401);
  } finally {
    await context.close();
  }
});
