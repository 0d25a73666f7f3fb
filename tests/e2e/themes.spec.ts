/**
 * Themes outside Teams (issue 20): the client follows the browser's colour scheme, forced colours
 * and contrast preference, live; axe stays clean in each theme at 320 and 1280 px; and a worker
 * who asks for less motion gets no animation.
 */
import type { Page } from "@playwright/test";
import { KwClientPage } from "./pages/kw-client";
import { seriousViolations } from "./support/axe";
import { expect, test } from "./support/fixtures";

const theme = (page: Page) => page.locator("html");

test("outside Teams the theme follows prefers-color-scheme, forced-colors and prefers-contrast, live", async ({ page, connector }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  const kw = new KwClientPage(page, connector.url);
  await kw.signIn("kw1");
  await kw.expectConnected();
  await expect(theme(page)).toHaveAttribute("data-theme", "dark");
  await expect(page.locator("[data-host]")).toHaveAttribute("data-theme", "dark");

  await page.emulateMedia({ colorScheme: "light" });
  await expect(theme(page)).toHaveAttribute("data-theme", "default");
  await page.emulateMedia({ forcedColors: "active" });
  await expect(theme(page)).toHaveAttribute("data-theme", "contrast");
  await page.emulateMedia({ forcedColors: "none", contrast: "more" });
  await expect(theme(page)).toHaveAttribute("data-theme", "contrast");
  await page.emulateMedia({ contrast: "no-preference", colorScheme: "dark" });
  await expect(theme(page)).toHaveAttribute("data-theme", "dark");
});

for (const width of [320, 1280]) {
  test(`axe is clean in the three themes at ${width} px`, async ({ page, connector }) => {
    await page.setViewportSize({ width, height: 800 });
    const kw = new KwClientPage(page, connector.url);
    await kw.signIn("kw1");
    await kw.expectConnected();
    await page.getByText("Alerts", { exact: true }).click();
    await expect(page.getByRole("checkbox", { name: "Sound" })).toBeVisible();
    for (const [name, media] of [
      ["default", { colorScheme: "light", forcedColors: "none", contrast: "no-preference" }],
      ["dark", { colorScheme: "dark", forcedColors: "none", contrast: "no-preference" }],
      ["contrast", { colorScheme: "light", forcedColors: "none", contrast: "more" }],
    ] as const) {
      await page.emulateMedia(media);
      await expect(theme(page)).toHaveAttribute("data-theme", name);
      expect(await seriousViolations(page, `/ ${name} ${width}px`)).toEqual([]);
      await page.screenshot({ path: test.info().outputPath(`theme-${name}-${width}.png`), fullPage: true });
    }
  });
}

test("with prefers-reduced-motion nothing animates", async ({ page, connector }) => {
  await page.emulateMedia({ reducedMotion: "reduce" });
  const kw = new KwClientPage(page, connector.url);
  await kw.signIn("kw1");
  await kw.expectConnected();
  // The connection dot pulses while connecting; the countdown bar would move in steps.
  const motion = await page.evaluate(() => {
    const probe = document.createElement("div");
    probe.className = "animate-pulse transition-all duration-500";
    document.body.append(probe);
    const style = getComputedStyle(probe);
    const result = { iterations: style.animationIterationCount, transition: style.transitionDuration, scroll: getComputedStyle(document.documentElement).scrollBehavior };
    probe.remove();
    return result;
  });
  expect(motion).toEqual({ iterations: "1", transition: "1e-05s", scroll: "auto" });
});
