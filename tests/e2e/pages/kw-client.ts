/**
 * The Knowledge Worker web client as a user sees it: controls found by role and accessible name
 * (shared/CONTRACT.md "What the web client shows").
 */
import { expect, type Locator, type Page, type Response } from "@playwright/test";

/** The presence drop-down's option labels, by presence id. */
export const PRESENCE_LABELS = {
  available: "Available",
  busy: "Busy",
  dnd: "Do Not Disturb",
  "be-right-back": "Be Right Back",
  away: "Away",
  offline: "Offline",
  "after-call-work": "After Call Work",
} as const;

export type PresenceId = keyof typeof PRESENCE_LABELS;

export class KwClientPage {
  /** The `<select>` labelled Presence. */
  readonly presence: Locator;
  /** The live connection state (a status region that reads "Connection: …"). */
  readonly connection: Locator;
  /** The interaction area and its empty state. */
  readonly interactions: Locator;
  readonly emptyState: Locator;
  readonly signOutButton: Locator;
  readonly signInHeading: Locator;

  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {
    this.presence = page.getByRole("combobox", { name: "Presence", exact: true });
    this.connection = page.getByRole("status").filter({ hasText: "Connection" });
    this.interactions = page.getByRole("region", { name: "Interactions", exact: true });
    this.emptyState = page.getByText("No interactions", { exact: true });
    this.signOutButton = page.getByRole("button", { name: "Sign out" });
    this.signInHeading = page.getByRole("heading", { name: "You are not signed in" });
  }

  /**
   * Dev sign-in (demo configuration) as a person does it: the link `npm start` prints opens a
   * form with one button, "Sign in as <name>"; pressing it sets the session and lands on `/`.
   */
  async signIn(worker: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}/signin?worker=${encodeURIComponent(worker)}`);
    const button = this.page.getByRole("button", { name: /^Sign in as / });
    await expect(button).toHaveCount(1);
    await button.click();
    await expect(this.page).toHaveURL(`${this.baseUrl}/`);
  }

  async open(pathname: "/" | "/extension" = "/"): Promise<void> {
    await this.page.goto(`${this.baseUrl}${pathname}`);
  }

  /** The worker's name in the header. */
  workerName(name: string): Locator {
    return this.page.getByText(name);
  }

  /** The label of the option the drop-down shows now. */
  selectedOption(): Locator {
    return this.presence.locator("option:checked");
  }

  async expectConnected(timeout?: number): Promise<void> {
    await expect(this.connection).toContainText("Connected", { timeout });
  }

  /** The drop-down shows this presence (its value and its visible label). */
  async expectPresence(presence: PresenceId, timeout?: number): Promise<void> {
    await expect(this.presence).toHaveValue(presence, { timeout });
    await expect(this.selectedOption()).toHaveText(PRESENCE_LABELS[presence], { timeout });
  }

  /**
   * Chooses a presence in the drop-down and waits until the connector acknowledged it (the PUT
   * answered 200 and the drop-down is enabled again, showing the new presence).
   */
  async choosePresence(presence: Exclude<PresenceId, "after-call-work">): Promise<Response> {
    const acknowledged = this.page.waitForResponse(
      (response) => new URL(response.url()).pathname === "/api/kw/presence" && response.request().method() === "PUT",
    );
    await this.presence.selectOption({ label: PRESENCE_LABELS[presence] });
    const response = await acknowledged;
    expect(response.status(), await response.text()).toBe(200);
    await expect(this.presence).toBeEnabled();
    await expect(this.presence).toHaveValue(presence);
    return response;
  }
}
