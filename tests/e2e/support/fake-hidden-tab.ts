/**
 * A tab the test can hide and show, with what the page asks of the Notification and Web Audio
 * APIs recorded. NOTE: headless Chromium never hides a tab; the page is told it is hidden.
 */
import type { BrowserContext, Page } from "@playwright/test";

type Recorded = { __visibility: DocumentVisibilityState; __notified: string[]; __closed: string[]; __rings: number };

export async function fakeHiddenTab(
  context: BrowserContext,
  { permission = "granted", visibility = "hidden" }: { permission?: NotificationPermission; visibility?: DocumentVisibilityState } = {},
): Promise<void> {
  await context.addInitScript(([permission, visibility]) => {
    const w = window as unknown as Recorded;
    w.__visibility = visibility;
    w.__notified = [];
    w.__closed = [];
    w.__rings = 0;
    Object.defineProperty(document, "visibilityState", { get: () => w.__visibility });
    Object.defineProperty(document, "hidden", { get: () => w.__visibility === "hidden" });
    class FakeNotification {
      static permission = permission;
      static requestPermission = async () => permission;
      onclick: unknown = null;
      constructor(readonly title: string) {
        w.__notified.push(title);
      }
      close() {
        w.__closed.push(this.title);
      }
    }
    (window as unknown as { Notification: unknown }).Notification = FakeNotification;
    // One gain node per ring (lib/client/alerts.ts ring()).
    const createGain = AudioContext.prototype.createGain;
    AudioContext.prototype.createGain = function (this: AudioContext) {
      w.__rings++;
      return createGain.call(this);
    };
  }, [permission, visibility] as const);
}

export async function setVisibility(page: Page, visibility: DocumentVisibilityState): Promise<void> {
  await page.evaluate((v) => {
    (window as unknown as Recorded).__visibility = v;
    document.dispatchEvent(new Event("visibilitychange"));
  }, visibility);
}

export function recorded(page: Page): Promise<Omit<Recorded, "__visibility">> {
  return page.evaluate(() => {
    const w = window as unknown as Recorded;
    return { __notified: [...w.__notified], __closed: [...w.__closed], __rings: w.__rings };
  });
}

/** Whether a window of this browser holds the Preview ring's Web Lock (lib/client/offer-ringer.ts). */
export function ringLockHeld(page: Page): Promise<boolean> {
  return page.evaluate(async () => ((await navigator.locks.query()).held ?? []).some((l) => l.name === "ucc-preview-ring"));
}
