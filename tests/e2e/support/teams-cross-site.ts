/**
 * A browser that frames the connector the way Teams does from another site, with the connector's
 * cookies blocked in that frame (README "Inside Microsoft Teams"): the host page is played at
 * https://teams.microsoft.com (tests/e2e/support/teams-host.*; teams-js takes messages only from
 * Teams' origins).
 *
 * NOTE on the switches (Chromium 156): by default it already drops unpartitioned third-party
 * cookies, but keeps `Partitioned` ones (CHIPS). Blocking the connector's cookies under Teams (a
 * content-settings rule, as an administrator's CookiesBlockedForUrls or Safari's policy does) drops
 * those too. A public page framing a loopback address is also refused by Local Network Access
 * unless allowed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, expect, type BrowserContext, type Page } from "@playwright/test";
import { SHOTS } from "./screenshots";

export const TEAMS_ORIGIN = "https://teams.microsoft.com";

export interface CookieBlockedBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** A browser profile of its own: third-party cookies blocked, and every cookie of `connectorUrl` blocked while Teams frames it. */
export async function launchCookieBlockedBrowser(connectorUrl: string): Promise<CookieBlockedBrowser> {
  const profile = mkdtempSync(path.join(os.tmpdir(), "ucc-chromium-"));
  mkdirSync(path.join(profile, "Default"));
  const blocked = { [`${connectorUrl},${TEAMS_ORIGIN}`]: { setting: 2 } };
  writeFileSync(
    path.join(profile, "Default", "Preferences"),
    JSON.stringify({ profile: { cookie_controls_mode: 1, block_third_party_cookies: true, content_settings: { exceptions: { cookies: blocked } } } }),
  );
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    args: ["--disable-gpu", "--disable-quic", "--disable-dev-shm-usage"],
    // NOTE: the test's CA is not in the browser's store; Teams (a public site) may frame a loopback address.
    ignoreHTTPSErrors: true,
    permissions: ["local-network-access"],
    viewport: { width: 1280, height: 800 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Screenshots of the page at 1280 and 320 px (nothing wider than the window), then back to 1280. */
export async function shootBothWidths(page: Page, name: string): Promise<void> {
  for (const width of [1280, 320]) {
    await resizeFramed(page, { width, height: 720 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await resizeFramed(page, { width: 1280, height: 800 });
}

/**
 * Resizes the host page and waits until the framed app has laid out at its frame's new width.
 * NOTE: the frame lays out after the host does: a click aimed just after a resize could land
 * where a control was at the old width (CI saw the org sign-in's button missed that way).
 */
export async function resizeFramed(page: Page, size: { width: number; height: number }): Promise<void> {
  await page.setViewportSize(size);
  const frameWidth = () => page.evaluate(() => document.querySelector("iframe")?.clientWidth);
  for (const frame of page.frames().filter((f) => f !== page.mainFrame())) {
    await expect
      .poll(async () =>
        (await frame.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(window.innerWidth)))))) ===
        (await frameWidth()),
      )
      .toBe(true);
  }
}
