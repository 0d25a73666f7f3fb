/** A Preview and an accepted interaction in the worker's web client (shared/CONTRACT.md). */
import type { Locator, Page } from "@playwright/test";

export function preview(page: Page, media: "chat" | "call" = "chat"): Locator {
  return page.getByRole("alertdialog", { name: media === "chat" ? "Incoming chat" : "Incoming call" });
}

export function interactionRegion(page: Page, from: string): Locator {
  return page.getByRole("region", { name: `Interaction with ${from}` });
}
