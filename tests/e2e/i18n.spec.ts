/**
 * B12 in real browsers: with the browser's language set to French, German, Italian, Spanish or
 * Russian the page speaks it (`<html lang>`, the presence drop-down, the Preview's buttons and
 * countdown) and passes axe; the worker's own choice wins over the browser's, survives a reload
 * and shows on a second device; the customer's page follows the customer's browser.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { seriousViolations } from "./support/axe";
import type { Connector } from "./support/connector";
import { cutOff } from "./support/cut-off";
import { expect, test } from "./support/fixtures";
import { docsShots, SHOTS } from "./support/screenshots";

/**
 * The Preview's screenshots: test-results/screenshots/ on every run; docs/i18n/ (kept in git,
 * linked from the README) when UCC_DOCS_SCREENSHOTS=1 asks to refresh them.
 */
const PREVIEW_SHOTS = docsShots("i18n");

/** What each language must show: the words Teams uses for presence, and the Preview's. */
const LANGUAGES = {
  fr: {
    tag: "fr-FR",
    presenceLabel: "Présence",
    presences: ["Disponible", "Occupé", "Ne pas déranger", "De retour bientôt", "Absent", "Hors ligne"],
    incomingChat: "Chat entrant",
    accept: "Accepter",
    reject: "Refuser",
    countdown: /Il reste \d+ secondes? pour répondre/,
    languageLabel: "Langue",
  },
  de: {
    tag: "de-DE",
    presenceLabel: "Anwesenheit",
    presences: ["Verfügbar", "Beschäftigt", "Nicht stören", "Bin gleich zurück", "Abwesend", "Offline"],
    incomingChat: "Eingehender Chat",
    accept: "Annehmen",
    reject: "Ablehnen",
    countdown: /Noch \d+ Sekunden? zum Antworten/,
    languageLabel: "Sprache",
  },
  it: {
    tag: "it-IT",
    presenceLabel: "Presenza",
    presences: ["Disponibile", "Occupato", "Non disturbare", "Torno subito", "Assente", "Offline"],
    incomingChat: "Chat in arrivo",
    accept: "Accetta",
    reject: "Rifiuta",
    countdown: /(Resta \d+ secondo|Restano \d+ secondi) per rispondere/,
    languageLabel: "Lingua",
  },
  es: {
    tag: "es-ES",
    presenceLabel: "Presencia",
    presences: ["Disponible", "Ocupado", "No molestar", "Vuelvo enseguida", "Ausente", "Desconectado"],
    incomingChat: "Chat entrante",
    accept: "Aceptar",
    reject: "Rechazar",
    countdown: /(Queda \d+ segundo|Quedan \d+ segundos) para responder/,
    languageLabel: "Idioma",
  },
  ru: {
    tag: "ru-RU",
    presenceLabel: "Присутствие",
    presences: ["Доступен", "Занят", "Не беспокоить", "Скоро вернусь", "Нет на месте", "Не в сети"],
    incomingChat: "Входящий чат",
    accept: "Принять",
    reject: "Отклонить",
    // One of the three integer forms, and the right one for the number shown.
    countdown: /Осталась (\d*1) секунда на ответ|Осталось (\d*[2-4]) секунды на ответ|Осталось (\d+) секунд на ответ/,
    languageLabel: "Язык",
  },
} as const;

const contexts: BrowserContext[] = [];
test.afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

async function browserIn(browser: Browser, locale: string): Promise<Page> {
  const context = await browser.newContext({ locale });
  contexts.push(context);
  return context.newPage();
}

/** The dev sign-in page (in the browser's language) has one button, for that worker: press it. */
async function signIn(page: Page, connector: Connector, worker = "kw1"): Promise<void> {
  await page.goto(`${connector.url}/signin?worker=${worker}`);
  const button = page.getByRole("button");
  await expect(button).toHaveCount(1);
  await button.click();
  await expect(page).toHaveURL(`${connector.url}/`);
}

/** Russian's plural form for a whole number, by CLDR's rule (one, few, many). */
function russianForm(n: number): "one" | "few" | "many" {
  if (n % 10 === 1 && n % 100 !== 11) return "one";
  if ([2, 3, 4].includes(n % 10) && ![12, 13, 14].includes(n % 100)) return "few";
  return "many";
}

test.beforeAll(() => {
  mkdirSync(PREVIEW_SHOTS, { recursive: true });
  mkdirSync(SHOTS, { recursive: true });
});

for (const [lang, words] of Object.entries(LANGUAGES)) {
  test(`a browser in ${words.tag} gets the page, the presence drop-down and the Preview in that language`, async ({ browser, connector }) => {
    const page = await browserIn(browser, words.tag);
    await signIn(page, connector);
    await expect(page.locator("html")).toHaveAttribute("lang", lang);
    const presence = page.getByRole("combobox", { name: words.presenceLabel, exact: true });
    await expect(presence.locator("option")).toHaveText(words.presences);
    await expect(page.getByRole("combobox", { name: words.languageLabel })).toBeVisible();

    await presence.selectOption("available");
    await expect(presence).toBeEnabled();
    await expect(presence.locator("option:checked")).toHaveText(words.presences[0]);
    await connector.api("POST", "/api/v1/interactions", { media: "chat", from: "Pat Customer", subject: "Billing", data: { origin: "web" }, worker: "kw1" });

    const dialog = page.getByRole("alertdialog", { name: words.incomingChat });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole("button", { name: words.accept })).toBeVisible();
    await expect(dialog.getByRole("button", { name: words.reject })).toBeVisible();
    await expect(dialog).toContainText(words.countdown);
    const spoken = (await dialog.getByRole("progressbar").getAttribute("aria-valuetext")) ?? "";
    expect(spoken).toMatch(words.countdown);
    if (lang === "ru") {
      const shown = Number(/\d+/.exec(spoken)![0]);
      const form = { one: "секунда", few: "секунды", many: "секунд" }[russianForm(shown)];
      expect(spoken).toContain(`${shown} ${form} `);
    }
    expect(await seriousViolations(page, `${lang} with a Preview`)).toEqual([]);
    await dialog.screenshot({ path: path.join(PREVIEW_SHOTS, `preview-${lang}.png`) });
    // The real words fit a narrow window too (the pseudo-locale run checks every screen).
    await page.setViewportSize({ width: 320, height: 800 });
    await expect(dialog.getByRole("button", { name: words.accept })).toBeInViewport();
    await page.screenshot({ path: path.join(SHOTS, `i18n-${lang}-320.png`), fullPage: true });
    expect(await cutOff(page), `${lang} at 320 px`).toEqual([]);
  });
}

test("the worker's own language wins over the browser's, survives a reload and shows on a second device", async ({ browser, connector }) => {
  const laptop = await browserIn(browser, "de-DE");
  await signIn(laptop, connector);
  await expect(laptop.locator("html")).toHaveAttribute("lang", "de");
  const chosen = laptop.waitForResponse((r) => new URL(r.url()).pathname === "/api/kw/language" && r.request().method() === "PUT");
  await laptop.getByRole("combobox", { name: "Sprache" }).selectOption({ label: "Français" });
  expect((await chosen).status()).toBe(200);
  await expect(laptop.locator("html")).toHaveAttribute("lang", "fr");
  await expect(laptop.getByRole("combobox", { name: "Présence", exact: true })).toBeVisible();

  await laptop.reload();
  await expect(laptop.getByRole("combobox", { name: "Présence", exact: true })).toBeVisible();
  await expect(laptop.locator("html")).toHaveAttribute("lang", "fr");
  // The server's first response already names the worker's language, before any script runs.
  const firstResponse = await laptop.context().request.get(`${connector.url}/`, { headers: { "accept-language": "de-DE,de;q=0.9" } });
  expect(await firstResponse.text()).toMatch(/<html lang="fr"/);
  await expect(laptop.getByRole("combobox", { name: "Langue" })).toHaveValue("fr");

  const phone = await browserIn(browser, "es-ES");
  await signIn(phone, connector);
  await expect(phone.getByRole("combobox", { name: "Présence", exact: true })).toBeVisible();
  await expect(phone.locator("html")).toHaveAttribute("lang", "fr");

  // "Automatic" drops the choice: each device speaks its browser's language again.
  const cleared = phone.waitForResponse((r) => new URL(r.url()).pathname === "/api/kw/language" && r.request().method() === "PUT");
  await phone.getByRole("combobox", { name: "Langue" }).selectOption("");
  expect((await cleared).status()).toBe(200);
  await expect(phone.locator("html")).toHaveAttribute("lang", "es");
  await expect(phone.getByRole("combobox", { name: "Idioma" })).toHaveValue("");
  await laptop.reload();
  await expect(laptop.getByRole("combobox", { name: "Anwesenheit", exact: true })).toBeVisible();
  await expect(laptop.locator("html")).toHaveAttribute("lang", "de");
});

test("the customer's chat page follows the customer's browser", async ({ browser, connector }) => {
  const page = await browserIn(browser, "ru-RU");
  // The first response is Russian already (its language and the tab's name): no English flash.
  const firstResponse = await page.context().request.get(`${connector.url}/chat`, { headers: { "accept-language": "en;q=0.2, ru-RU, de;q=0.5" } });
  const html = await firstResponse.text();
  expect(html).toMatch(/<html lang="ru"/);
  expect(html).toContain("<title>Чат с экспертом</title>");
  await page.goto(`${connector.url}/chat`);
  await expect(page.getByRole("heading", { name: "Чат с экспертом" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "ru");
  await expect(page).toHaveTitle("Чат с экспертом");
  await page.getByLabel("Ваше имя").fill("Иван");
  await page.getByRole("button", { name: "Начать чат" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Ожидание эксперта…" })).toBeVisible();
  expect(await seriousViolations(page, "/chat in Russian")).toEqual([]);
});
