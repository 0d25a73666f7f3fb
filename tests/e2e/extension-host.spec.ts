/**
 * /extension inside Microsoft Teams (played by tests/e2e/support/teams-host.ts) and outside any
 * host: it follows the Teams theme, lets go of its window while Teams keeps the tab cached,
 * stays standalone when no host (or a wrong one) answers, and never waits for a host it cannot have.
 */
import { KwClientPage } from "./pages/kw-client";
import { interactionRegion, preview } from "./pages/preview";
import { expect, test } from "./support/fixtures";
import { TeamsHost } from "./support/teams-host";

/** Collects every Content-Security-Policy violation the browser reports, in any frame. */
function cspViolations(page: import("@playwright/test").Page): string[] {
  const seen: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) seen.push(message.text());
  });
  return seen;
}

/** The page's theme, as its root element carries it and as a person sees it (the body's colour). */
async function themeOf(frameOrPage: { locator(selector: string): import("@playwright/test").Locator }) {
  return frameOrPage.locator("html").evaluate((html) => ({
    theme: html.dataset.theme,
    background: getComputedStyle(document.body).backgroundColor,
  }));
}

test("inside Teams, /extension takes the Teams theme and follows its changes", async ({ page, connector }) => {
  const violations = cspViolations(page);
  await new KwClientPage(page, connector.url).signIn("kw1");
  const teams = await TeamsHost.open(page, { appUrl: `${connector.url}/extension`, theme: "dark" });
  const app = teams.app;
  await expect(app.locator("[data-host=teams]")).toBeAttached();
  await expect(app.getByRole("combobox", { name: "Presence", exact: true })).toHaveValue("offline");
  await expect.poll(() => themeOf(app)).toEqual({ theme: "dark", background: "rgb(31, 31, 31)" });

  await teams.setTheme("contrast");
  await expect.poll(() => themeOf(app)).toEqual({ theme: "contrast", background: "rgb(0, 0, 0)" });
  await teams.setTheme("default");
  await expect.poll(async () => (await themeOf(app)).theme).toBe("default");
  expect(["rgb(31, 31, 31)", "rgb(0, 0, 0)"]).not.toContain((await themeOf(app)).background);
  expect(violations).toEqual([]);
});

test("a tab Teams keeps cached is not an open window while suspended, and resyncs on resume", async ({ page, connector }) => {
  await new KwClientPage(page, connector.url).signIn("kw1");
  const teams = await TeamsHost.open(page, { appUrl: `${connector.url}/extension`, appCaching: true });
  const app = teams.app;
  await expect(app.locator("[data-host=teams]")).toBeAttached();
  await expect(app.getByRole("status").filter({ hasText: "Connection" })).toContainText("Connected");
  // The sign-in page's own window is gone: only the framed tab counts.
  await expect.poll(async () => (await connector.worker("kw1")).windows).toBe(1);

  await teams.suspend();
  await expect.poll(async () => (await connector.worker("kw1")).windows).toBe(0);
  // Something changes while the tab is cached: the UC side sets the worker Busy.
  await connector.setPresenceFromUc("kw1", "busy");

  await teams.resume();
  await expect.poll(async () => (await connector.worker("kw1")).windows).toBe(1);
  await expect(app.getByRole("status").filter({ hasText: "Connection" })).toContainText("Connected");
  await expect(app.getByRole("combobox", { name: "Presence", exact: true })).toHaveValue("busy");
});

test("a host that answers teams-js with nonsense leaves /extension standalone, and it says so", async ({ page, connector }) => {
  await new KwClientPage(page, connector.url).signIn("kw1");
  const teams = await TeamsHost.open(page, { appUrl: `${connector.url}/extension`, behaviour: "nonsense" });
  await expect(teams.app.locator("[data-host=standalone][data-host-reason=bad-answer]")).toBeAttached();
  await expect(teams.app.getByRole("note").filter({ hasText: "not as Microsoft Teams does" })).toBeVisible();
  await expect(teams.app.getByRole("status").filter({ hasText: "Connection" })).toContainText("Connected");
});

test("a framed /extension that no host answers works at once and is standalone after the time limit", async ({ page, connector }) => {
  await new KwClientPage(page, connector.url).signIn("kw1");
  // No network for teams-js's CDN either: its fetch of valid domains hangs.
  const teams = await TeamsHost.open(page, { appUrl: `${connector.url}/extension`, behaviour: "silent", cdn: "hanging" });
  const app = teams.app;
  // Usable before any host answer: the presence is painted and can be changed.
  await expect(app.getByRole("status").filter({ hasText: "Connection" })).toContainText("Connected");
  await app.getByRole("combobox", { name: "Presence", exact: true }).selectOption({ label: "Busy" });
  await expect.poll(async () => (await connector.worker("kw1")).presence).toBe("busy");
  await expect(app.locator("[data-host=standalone][data-host-reason=no-answer]")).toBeAttached();
  await expect(app.getByRole("note")).toHaveCount(0);
});

test("outside a host, /extension is ready as / is: painted from the first response, standalone at once, no teams-js", async ({ page, connector }) => {
  const violations = cspViolations(page);
  const kw = new KwClientPage(page, connector.url);
  await kw.signIn("kw1");
  const teamsRequests: string[] = [];
  page.on("request", (request) => {
    if (/teams-js|res\.cdn\.office\.net/.test(request.url())) teamsRequests.push(request.url());
  });
  for (const pathname of ["/", "/extension"] as const) {
    // The server's first response already holds the worker and the presence (no "Loading…").
    const html = await (await page.request.get(`${connector.url}${pathname}`)).text();
    expect(html).toContain("Alex Morgan");
    expect(html).toMatch(/<select[^>]*>.*<option value="offline"[^>]*selected/s);
    // NOTE: the page's own scripts carry its language's messages ("Loading…" among them): look at what it shows.
    expect(html.replace(/<script\b[\s\S]*?<\/script>/g, "")).not.toContain("Loading…");

    await kw.open(pathname);
    await expect(page.locator("[data-host=standalone][data-host-reason=top-level]")).toBeAttached();
    await kw.expectConnected();
    await kw.expectPresence("offline");
  }
  expect(teamsRequests).toEqual([]);
  expect(violations).toEqual([]);
});

test("a Preview painted from the first response cannot be pressed before the page's script runs, and works once it has", async ({ page, connector }) => {
  const kw = new KwClientPage(page, connector.url);
  await kw.signIn("kw1");
  await kw.expectConnected();
  await kw.choosePresence("available");
  await connector.api("POST", "/api/v1/interactions", { media: "chat", from: "Pat Early", subject: "Billing", worker: "kw1" });
  await expect(preview(page)).toContainText("Pat Early");

  // The next load gets its HTML at once and its scripts only when the test lets them go.
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/_next\/static\/chunks\//, async (route) => {
    await released;
    await route.continue();
  });
  await page.goto(`${connector.url}/extension`, { waitUntil: "commit" });
  const accept = preview(page).getByRole("button", { name: "Accept" });
  await expect(preview(page)).toContainText("Pat Early");
  // NOTE: an enabled button here would take the click and drop it: nothing listens yet.
  await expect(accept).toBeDisabled();
  await expect(preview(page).getByRole("button", { name: "Reject" })).toBeDisabled();
  await expect(kw.presence).toBeDisabled();

  release();
  await expect(accept).toBeEnabled();
  await accept.click();
  await expect(interactionRegion(page, "Pat Early")).toBeVisible();
  await page.unrouteAll({ behavior: "ignoreErrors" });
});

test("the test Teams host answers getAuthToken with the token the test gives (for the Teams sign-in tests)", async ({ page, connector }) => {
  const teams = await TeamsHost.open(page, { appUrl: `${connector.url}/extension`, authToken: "token-1" });
  await expect(teams.app.locator("[data-host=teams]")).toBeAttached();
  const frame = (await page.locator("#app").elementHandle())!.contentFrame();
  // Asks as teams-js does (a request with an id), from inside the framed app.
  const ask = async () =>
    (await frame)!.evaluate(
      () =>
        new Promise((resolve) => {
          const id = 424242;
          addEventListener("message", function answered(event) {
            if (event.data?.id !== id) return;
            removeEventListener("message", answered);
            resolve(event.data.args);
          });
          parent.postMessage({ id, uuidAsString: "test-request", func: "authentication.getAuthToken", args: [] }, location.origin);
        }),
    );
  expect(await ask()).toEqual([true, "token-1"]);
  await teams.setAuthToken({ error: "resourceRequiresConsent" });
  expect(await ask()).toEqual([false, "resourceRequiresConsent"]);
});
