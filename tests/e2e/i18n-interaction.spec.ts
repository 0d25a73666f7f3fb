/**
 * B12 for the Interaction window (issue 10's screens) in real browsers: with the browser in German
 * or Russian, a call (Hold/Retrieve, Mute, Keypad, the Transfer dialog), two chats behind tabs with
 * an unread count, and after-call work with a disposition are all in that language, found by their
 * translated accessible names, and pass axe. So do the sign-in pages. Screenshots go to
 * test-results/screenshots/; the call panel's to docs/i18n/ when UCC_DOCS_SCREENSHOTS=1 asks.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { seriousViolations } from "./support/axe";
import { Connector } from "./support/connector";
import { cutOff } from "./support/cut-off";
import { expect, test } from "./support/fixtures";
import { docsShots, SHOTS } from "./support/screenshots";

/** The call panel's screenshot, kept in git and linked from the README when asked to refresh it. */
const CALL_SHOTS = docsShots("i18n");

/** What each language must show, in the words of lib/i18n/GLOSSARY.md. */
const LANGUAGES = {
  de: {
    tag: "de-DE",
    signInFailed: "Die Anmeldung wurde nicht abgeschlossen",
    retry: "Erneut versuchen",
    signInAs: /^Als .+ anmelden$/,
    presence: "Anwesenheit",
    acw: "Nachbearbeitung",
    incomingCall: "Eingehender Anruf",
    incomingChat: "Eingehender Chat",
    accept: "Annehmen",
    region: (from: string) => `Interaktion mit ${from}`,
    connected: "Verbunden",
    hold: "Halten",
    retrieve: "Fortsetzen",
    held: "Gehalten",
    mute: "Stummschalten",
    unmute: "Stummschaltung aufheben",
    muted: "Stummgeschaltet",
    keypad: "Wähltastatur",
    keysSent: "Gesendete Tasten: 5",
    transfer: "Übertragen",
    transferDialog: "Übertragen",
    to: "An",
    queue: "Warteschlange",
    consult: "Rückfrage",
    cancel: "Abbrechen",
    hangUp: "Auflegen",
    tabs: "Laufende Interaktionen",
    unread: "1 ungelesene Nachricht",
    newMessage: "Neue Nachricht von Pat (1 ungelesen)",
    transcript: "Verlauf",
    joined: "Alex Morgan ist dem Chat beigetreten",
    ended: "Alex Morgan hat den Chat beendet",
    message: "Nachricht",
    endChat: "Chat beenden",
    endChatConfirm: "Chat beenden?",
    acwLeft: /Nachbearbeitung endet in \d+:\d\d/,
    disposition: "Abschlusscode",
    noDisposition: "Kein Abschlusscode",
    note: "Notiz",
    done: "Fertig",
  },
  ru: {
    tag: "ru-RU",
    signInFailed: "Вход не выполнен",
    retry: "Повторить",
    signInAs: /^Войти как .+$/,
    presence: "Присутствие",
    acw: "Поствызывная обработка",
    incomingCall: "Входящий звонок",
    incomingChat: "Входящий чат",
    accept: "Принять",
    region: (from: string) => `Взаимодействие с ${from}`,
    connected: "Идёт разговор",
    hold: "Удержать",
    retrieve: "Возобновить",
    held: "На удержании",
    mute: "Выключить микрофон",
    unmute: "Включить микрофон",
    muted: "Микрофон выключен",
    keypad: "Клавиатура",
    keysSent: "Отправленные клавиши: 5",
    transfer: "Перевести",
    transferDialog: "Перевод",
    to: "Кому",
    queue: "Очередь",
    consult: "Консультация",
    cancel: "Отмена",
    hangUp: "Завершить звонок",
    tabs: "Текущие взаимодействия",
    unread: "1 непрочитанное сообщение",
    newMessage: "Новое сообщение от Pat (1 непрочитанное)",
    transcript: "Переписка",
    joined: "Alex Morgan теперь в чате",
    ended: "Alex Morgan: чат завершён",
    message: "Сообщение",
    endChat: "Завершить чат",
    endChatConfirm: "Завершить чат?",
    acwLeft: /Поствызывная обработка закончится через \d+:\d\d/,
    disposition: "Результат обработки",
    noDisposition: "Результат не выбран",
    note: "Заметка",
    done: "Готово",
  },
} as const;

type Words = (typeof LANGUAGES)[keyof typeof LANGUAGES];

test.beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
  mkdirSync(CALL_SHOTS, { recursive: true });
});

async function accept(page: Page, name: string, words: Words): Promise<void> {
  const dialog = page.getByRole("alertdialog", { name });
  await dialog.getByRole("button", { name: words.accept }).click();
  await expect(dialog).toBeHidden();
}

for (const [lang, words] of Object.entries(LANGUAGES)) {
  test(`the Interaction window in ${words.tag}: a call, two chats and after-call work`, async ({ browser }) => {
    test.setTimeout(120_000);
    const connector = await Connector.start({ routing: { "wrap-up-time": 60, dispositions: ["Resolved", "Follow-up"] } });
    const context = await browser.newContext({ locale: words.tag, viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      // The sign-in pages speak the browser's language, their tab's title too.
      await page.goto(`${connector.url}/signin/failed?reason=expired`);
      await expect(page.getByRole("heading", { name: words.signInFailed })).toBeVisible();
      await expect(page).toHaveTitle(`${words.signInFailed} · UC Connector`);
      await expect(page.getByRole("link", { name: words.retry })).toBeVisible();
      expect(await seriousViolations(page, `${lang}: sign-in failed`)).toEqual([]);
      await page.goto(`${connector.url}/signin?worker=kw1`);
      await page.getByRole("button", { name: words.signInAs }).click();
      await expect(page).toHaveURL(`${connector.url}/`);
      await expect(page.locator("html")).toHaveAttribute("lang", lang);
      const presence = page.getByRole("combobox", { name: words.presence, exact: true });
      await presence.selectOption("available");
      await expect(presence).toBeEnabled();
      await expect(presence).toHaveValue("available");

      // A call: Hold/Retrieve, Mute/Unmute, the keypad and the Transfer dialog.
      await connector.api("POST", "/api/v1/interactions", { media: "voice", from: "Robin Smith", subject: "Router", worker: "kw1" });
      await accept(page, words.incomingCall, words);
      const call = page.getByRole("region", { name: words.region("Robin Smith") });
      const button = (name: string) => call.getByRole("button", { name, exact: true });
      await expect(call.getByRole("status").filter({ hasText: words.connected })).toBeVisible();
      await button(words.hold).click();
      await expect(button(words.retrieve)).toBeEnabled();
      await expect(call.getByRole("status").filter({ hasText: words.held })).toBeVisible();
      await button(words.retrieve).click();
      await expect(button(words.hold)).toBeEnabled();
      await button(words.mute).click();
      await expect(button(words.unmute)).toBeEnabled();
      await expect(call.getByText(words.muted, { exact: true })).toBeVisible();
      await button(words.keypad).click();
      const keypad = call.getByRole("group", { name: words.keypad });
      await keypad.getByRole("button", { name: "5", exact: true }).click();
      await expect(call.getByText(words.keysSent)).toBeVisible();
      await button(words.transfer).click();
      const dialog = page.getByRole("dialog", { name: words.transferDialog });
      await expect(dialog.getByRole("combobox", { name: words.to })).toBeFocused();
      await expect(dialog.getByRole("option", { name: words.queue })).toBeAttached();
      await expect(dialog.getByRole("button", { name: words.transfer, exact: true })).toBeEnabled();
      await expect(dialog.getByRole("button", { name: words.consult })).toBeVisible();
      await expect(dialog.getByRole("button", { name: words.cancel })).toBeVisible();
      expect(await seriousViolations(page, `${lang}: a call with the keypad and the Transfer dialog`)).toEqual([]);
      expect(await cutOff(page), `${lang}: call at 1280 px`).toEqual([]);
      await call.screenshot({ path: path.join(CALL_SHOTS, `call-${lang}.png`) });
      await page.setViewportSize({ width: 320, height: 900 });
      expect(await cutOff(page), `${lang}: call at 320 px`).toEqual([]);
      await page.screenshot({ path: path.join(SHOTS, `call-${lang}-320.png`), fullPage: true });
      await page.setViewportSize({ width: 1280, height: 900 });
      await dialog.getByRole("button", { name: words.cancel }).click();
      await expect(dialog).toBeHidden();
      await expect(button(words.transfer)).toBeFocused();
      await button(words.hangUp).click();
      await call.getByRole("button", { name: words.done }).click();
      await expect(call).toBeHidden();
      await expect(presence).toHaveValue("available");

      // Two chats behind tabs; a message in the one behind is counted and announced.
      const pat = await connector.api<{ id: string }>("POST", "/api/v1/interactions", { media: "chat", from: "Pat", subject: "Billing", worker: "kw1" });
      await accept(page, words.incomingChat, words);
      await connector.api("POST", "/api/v1/interactions", { media: "chat", from: "Kim", subject: "Refund", worker: "kw1" });
      await accept(page, words.incomingChat, words);
      const tabs = page.getByRole("tablist", { name: words.tabs });
      await expect(tabs.getByRole("tab", { name: /Kim/ })).toHaveAttribute("aria-selected", "true");
      await connector.api("POST", `/api/v1/interactions/${pat.id}/messages`, { text: "Is anyone there?" });
      await expect(tabs.getByRole("tab", { name: /Pat/ }).getByLabel(words.unread)).toBeVisible();
      await expect(page.getByRole("status").filter({ hasText: words.newMessage })).toBeAttached();

      // The chat in front, then its after-call work with a disposition.
      const kim = page.getByRole("region", { name: words.region("Kim") });
      await kim.getByRole("textbox", { name: words.message }).fill("One moment, please.");
      await kim.getByRole("textbox", { name: words.message }).press("Enter");
      const transcript = kim.getByRole("log", { name: words.transcript });
      await expect(transcript).toContainText("One moment, please.");
      // The connector's own lines in the transcript are said in the page's language too.
      await expect(transcript.getByText(words.joined, { exact: true })).toBeVisible();
      await kim.getByRole("button", { name: words.endChat }).click();
      await kim.getByRole("alertdialog", { name: words.endChatConfirm }).getByRole("button", { name: words.endChat }).click();
      await expect(transcript.getByText(words.ended, { exact: true })).toBeVisible();
      const disposition = kim.getByRole("combobox", { name: words.disposition });
      await expect(disposition.locator("option:checked")).toHaveText(words.noDisposition);
      await expect(kim.getByText(words.acwLeft)).toBeVisible();
      await expect(presence.locator("option:checked")).toHaveText(words.acw);
      expect(await seriousViolations(page, `${lang}: two chats, after-call work`)).toEqual([]);
      await page.screenshot({ path: path.join(SHOTS, `wrap-up-${lang}.png`), fullPage: true });
      await disposition.selectOption("Resolved");
      await kim.getByRole("textbox", { name: words.note }).fill("—");
      await kim.getByRole("button", { name: words.done }).click();
      await expect(kim).toBeHidden();
    } finally {
      await context.close();
      await connector.dispose();
    }
  });
}
