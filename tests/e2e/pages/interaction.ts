/**
 * An interaction in the worker's web client (shared/CONTRACT.md "What the web client shows"), found
 * by role and accessible name, and the integration API's view of it, so a test can check that the
 * two agree at every step.
 */
import { expect, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";
import type { Connector } from "../support/connector";
import { CustomerChatPage } from "./customer-chat";
import { KwClientPage } from "./kw-client";
import { interactionRegion, preview } from "./preview";

export interface ApiInteraction {
  id: string;
  state: string;
  worker: string | null;
  capabilities: string[];
  call?: { state: string; muted: boolean; heldBy?: string; establishedAt?: string };
  participants: { role: string; id?: string; name: string }[];
  invite?: { purpose: string; to: { id: string }; stage: string };
  disposition?: { code?: string; note?: string };
}

/** Opens browser contexts for a test and closes them all afterwards (see routing.spec.ts). */
export class Contexts {
  private readonly open: BrowserContext[] = [];
  constructor(private readonly browser: Browser) {}

  async page(viewport?: { width: number; height: number }): Promise<Page> {
    const context = await this.browser.newContext(viewport ? { viewport } : {});
    this.open.push(context);
    return context.newPage();
  }

  async worker(connector: Connector, id: string, viewport?: { width: number; height: number }): Promise<KwClientPage> {
    const client = new KwClientPage(await this.page(viewport), connector.url);
    await client.signIn(id);
    await client.expectConnected();
    await client.choosePresence("available");
    return client;
  }

  async customer(connector: Connector, viewport?: { width: number; height: number }): Promise<CustomerChatPage> {
    return new CustomerChatPage(await this.page(viewport), connector.url);
  }

  async close(): Promise<void> {
    for (const context of this.open.splice(0)) await context.close();
  }
}

export function apiInteraction(connector: Connector, id: string): Promise<ApiInteraction> {
  return connector.api<ApiInteraction>("GET", `/api/v1/interactions/${id}`);
}

/** The integration API shows what the UI just showed (it answers only once the change is on disk). */
export async function expectApi(connector: Connector, id: string, expected: Record<string, unknown>): Promise<void> {
  await expect.poll(() => apiInteraction(connector, id)).toMatchObject(expected);
}

export async function acceptPreview(page: Page, media: "chat" | "call" = "chat"): Promise<void> {
  const dialog = preview(page, media);
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Accept" }).click();
  await expect(dialog).toBeHidden();
}

/** The region of one interaction and its controls. */
export class InteractionRegion {
  readonly region: Locator;
  readonly transcript: Locator;
  readonly message: Locator;

  constructor(
    readonly page: Page,
    readonly from: string,
  ) {
    this.region = interactionRegion(page, from);
    this.transcript = this.region.getByRole("log", { name: "Transcript" });
    this.message = this.region.getByRole("textbox", { name: "Message" });
  }

  button(name: string): Locator {
    return this.region.getByRole("button", { name, exact: true });
  }

  /** End chat, then its confirmation (`End chat?`). */
  async endChat(): Promise<void> {
    await this.button("End chat").click();
    await this.region.getByRole("alertdialog", { name: "End chat?" }).getByRole("button", { name: "End chat" }).click();
  }

  /** Types into the composer and presses Enter (Enter sends). */
  async send(text: string): Promise<void> {
    await this.message.fill(text);
    await this.message.press("Enter");
    await expect(this.message).toHaveValue("");
    await expect(this.transcript).toContainText(text.split("\n")[0]);
  }

  /** The Transfer (or Conference) dialog. */
  dialog(name: "Transfer" | "Conference" = "Transfer"): Locator {
    return this.page.getByRole("dialog", { name });
  }

  async transferTo(label: string, note: string, button: "Transfer" | "Consult" = "Transfer"): Promise<void> {
    await this.button("Transfer").click();
    const dialog = this.dialog("Transfer");
    await expect(dialog).toBeVisible();
    await dialog.getByRole("combobox", { name: "To" }).selectOption({ label });
    await dialog.getByRole("textbox", { name: "Note" }).fill(note);
    await dialog.getByRole("button", { name: button, exact: true }).click();
    await expect(dialog).toBeHidden();
  }
}
