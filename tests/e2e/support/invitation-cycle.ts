/**
 * The invitation scenario every IM gateway's browser test runs (B7): a worker Available with no
 * window; an interaction; the invitation arrives through the gateway; its link shows a page with
 * Open, which opens /extension with the Preview in a browser with no session (a session for that
 * interaction only); Accept; the interaction ends and so does that access; that window never
 * counted as open, so the next offer is an invitation again.
 */
import type { Browser, Page } from "@playwright/test";
import { expect } from "@playwright/test";
import { interactionRegion, preview } from "../pages/preview";
import type { Connector } from "./connector";

/** Waits for the invitation of this interaction through the gateway under test; its link. */
export type ReceiveInvitation = (interactionId: string, from: string) => Promise<string>;

export async function createChat(connector: Connector, from: string, subject: string): Promise<string> {
  const { id } = await connector.api<{ id: string }>("POST", "/api/v1/interactions", { media: "chat", from, subject });
  return id;
}

/**
 * Opens an invitation link in a fresh browser context (no session): its page says what the link
 * is for, and its Open button signs the browser in for that offer and shows the Preview.
 * The caller closes the page's context; when the Preview does not come, it is closed here.
 */
export async function openInvitation(browser: Browser, connector: Connector, link: string, from: string): Promise<Page> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await pressOpen(page, connector, link, from);
    return page;
  } catch (error) {
    await context.close();
    throw error;
  }
}

/** Goes to the link's page, checks what it says, presses Open and waits for the Preview. */
export async function pressOpen(page: Page, connector: Connector, link: string, from: string): Promise<void> {
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Incoming chat" })).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: from })).toBeVisible();
  await page.getByRole("button", { name: "Open" }).click();
  await expect(page).toHaveURL(`${connector.url}/extension`);
  await expect(preview(page)).toContainText(from);
}

async function acceptAndFinish(page: Page, connector: Connector, id: string, from: string): Promise<void> {
  await preview(page).getByRole("button", { name: "Accept" }).click();
  const region = interactionRegion(page, from);
  await expect(region).toBeVisible();
  await connector.api("POST", `/api/v1/interactions/${id}/end`);
  await region.getByRole("button", { name: "Done" }).click();
  await expect(region).toBeHidden();
}

/**
 * The window an invitation link opened is for that interaction only: it shows no presence, it
 * says its access ended once the interaction is done, and it never counts as an open window, so
 * the next offer is an invitation again.
 */
export async function invitationCycle(
  browser: Browser,
  connector: Connector,
  gateway: string,
  receive: ReceiveInvitation,
  onPreview?: (page: Page) => Promise<void>,
): Promise<void> {
  await connector.setPresenceFromUc("kw1", "available");
  expect((await connector.worker("kw1")).windows).toBe(0);

  const first = await createChat(connector, "Pat Customer", "Billing question");
  const link = await receive(first, "Pat Customer");
  expect(link).toMatch(new RegExp(`^${connector.url}/extension\\?invitation=`));
  const page = await openInvitation(browser, connector, link, "Pat Customer");
  let third: string;
  try {
    await expect(preview(page)).toContainText("Billing question");
    await onPreview?.(page);
    await expect(page.getByRole("note", { name: "Signed in for this interaction only." })).toBeVisible();
    await expect(page.getByRole("combobox", { name: "Presence" })).toHaveCount(0);
    expect((await connector.worker("kw1")).windows).toBe(0);
    await acceptAndFinish(page, connector, first, "Pat Customer");
    await expect(page.getByRole("heading", { name: "Your access has ended" })).toBeVisible();

    // That window was never an open window: the next offer goes out as an invitation again.
    third = await createChat(connector, "Lou Third", "Delivery");
    const again = await receive(third, "Lou Third");
    expect(again).not.toBe(link);
    await expect(preview(page)).toHaveCount(0);
  } finally {
    // Every window closed (on a failure too: the context is the test's, not Playwright's).
    await page.context().close();
  }

  const events = await connector.events();
  const sent = events.filter((e) => e.type === "InvitationSent");
  expect(sent.map((e) => [e.interaction, e.worker, e.reasons?.gateway])).toEqual([
    [first, "kw1", gateway],
    [third, "kw1", gateway],
  ]);
}
