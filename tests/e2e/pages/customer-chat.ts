/** The customer's web chat page (/chat), found by role and accessible name. */
import { expect, type Locator, type Page } from "@playwright/test";

export class CustomerChatPage {
  readonly status: Locator;
  readonly transcript: Locator;
  readonly message: Locator;

  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {
    this.status = page.getByRole("status").filter({ hasNotText: "Connection" });
    this.transcript = page.getByRole("log", { name: "Transcript" });
    this.message = page.getByRole("textbox", { name: "Message" });
  }

  /** Opens /chat and starts a chat; resolves with the interaction id the connector answered. */
  async start(name: string, subject: string): Promise<string> {
    await this.page.goto(`${this.baseUrl}/chat`);
    await this.page.getByLabel("Your name").fill(name);
    await this.page.getByLabel("What is it about?").fill(subject);
    const created = this.page.waitForResponse((r) => new URL(r.url()).pathname === "/api/chat" && r.request().method() === "POST");
    await this.page.getByRole("button", { name: "Start chat" }).click();
    const response = await created;
    expect(response.status()).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }

  async send(text: string): Promise<void> {
    await this.message.fill(text);
    await this.page.getByRole("button", { name: "Send" }).click();
    await expect(this.transcript).toContainText(text);
  }
}
