/**
 * The invitation scenario every IM gateway's browser test runs (B7, B8): a worker Available with
 * no window; an interaction; the invitation arrives through the gateway; its link opens
 * /extension with the Preview in a browser with no session; Accept; the interaction ends; the
 * next offer is a Preview in the same window (no invitation); once the window is closed, the
 * next offer is an invitation again.
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
 * Opens an invitation link in a fresh browser context (no session) and waits for its Preview.
 * The caller closes the page's context; when the Preview does not come, it is closed here.
 */
export async function openInvitation(browser: Browser, connector: Connector, link: string, from: string): Promise<Page> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(link);
    await expect(page).toHaveURL(`${connector.url}/extension`);
    await expect(preview(page)).toContainText(from);
    return page;
  } catch (error) {
    await context.close();
    throw error;
  }
}

async function acceptAndFinish(page: Page, connector: Connector, id: string, from: string): Promise<void> {
  await preview(page).getByRole("button", { name: "Accept" }).click();
  const region = interactionRegion(page, from);
  await expect(region).toBeVisible();
  await connector.api("POST", `/api/v1/interactions/${id}/end`);
  await region.getByRole("button", { name: "Done" }).click();
  await expect(region).toBeHidden();
}

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
  let second: string;
  try {
    await expect(preview(page)).toContainText("Billing question");
    await onPreview?.(page);
    await acceptAndFinish(page, connector, first, "Pat Customer");

    // B8: the window stays open, and the next offer is a Preview in it.
    second = await createChat(connector, "Kim Next", "Refund");
    await expect(preview(page)).toContainText("Kim Next");
    await acceptAndFinish(page, connector, second, "Kim Next");
  } finally {
    // Every window closed (on a failure too: the context is the test's, not Playwright's).
    await page.context().close();
  }

  // Offers go out as invitations again.
  await expect.poll(async () => (await connector.worker("kw1")).windows, { timeout: 15_000 }).toBe(0);
  const third = await createChat(connector, "Lou Third", "Delivery");
  const again = await receive(third, "Lou Third");
  expect(again).not.toBe(link);

  const events = await connector.events();
  const sent = events.filter((e) => e.type === "InvitationSent");
  expect(sent.map((e) => [e.interaction, e.worker, e.reasons?.gateway])).toEqual([
    [first, "kw1", gateway],
    [third, "kw1", gateway],
  ]);
  expect(events.some((e) => e.interaction === second && e.type.startsWith("Invitation"))).toBe(false);
}
