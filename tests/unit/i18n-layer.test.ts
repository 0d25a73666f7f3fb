/**
 * B12: the choice of language, Russian plural forms, the pseudo-locale, the translated default of
 * the IM invitation, and errors in the reader's language.
 */
import { describe, expect, it } from "vitest";
import { en } from "../../lib/i18n/en";
import { errorReason } from "../../lib/i18n/error-reason";
import { DEFAULT_INVITE_MESSAGE, INVITE_MESSAGES, inviteMessage } from "../../lib/i18n/invite-messages";
import { LOCALES, PSEUDO_LOCALE } from "../../lib/i18n/locales";
import { AstType, parseMessage, argumentsOf, type AstNode } from "../../lib/i18n/message-ast";
import { PSEUDO_EXPANSION } from "../../lib/i18n/pseudo";
import { resolveLocale, supportedLocale } from "../../lib/i18n/resolve-locale";
import { systemLine } from "../../lib/i18n/system-lines";
import { createTranslator } from "../../lib/i18n/translator";
import { parseConfig } from "../../lib/config/load";

describe("resolveLocale: the worker's choice, then the Teams host, then the browser, then English", () => {
  it.each([
    [{ choice: "fr", hostLocale: "de-DE", browserLanguages: ["es-ES"] }, "fr"],
    [{ choice: null, hostLocale: "de-DE", browserLanguages: ["es-ES"] }, "de"],
    [{ choice: undefined, hostLocale: undefined, browserLanguages: ["es-ES", "fr"] }, "es"],
    [{ choice: "pt", hostLocale: "ja-JP", browserLanguages: ["pt-BR", "it-CH", "ru"] }, "it"],
    [{ browserLanguages: ["en-US", "ru-RU"] }, "en"],
    [{ browserLanguages: ["ja", "zh-CN"] }, "en"],
    [{}, "en"],
    [{ choice: "RU", browserLanguages: [] }, "ru"],
    [{ hostLocale: "fr_CA" }, "fr"],
  ])("%j -> %s", (inputs, expected) => {
    expect(resolveLocale(inputs)).toBe(expected);
  });

  it("reads only the language of a tag", () => {
    expect(supportedLocale("de-AT")).toBe("de");
    expect(supportedLocale("english")).toBeUndefined();
    expect(supportedLocale("")).toBeUndefined();
  });
});

describe("Russian plural forms (one, few, many)", () => {
  const { t } = createTranslator("ru");
  it.each([
    [1, "Осталась 1 секунда на ответ"],
    [2, "Осталось 2 секунды на ответ"],
    [5, "Осталось 5 секунд на ответ"],
    [21, "Осталась 21 секунда на ответ"],
    [11, "Осталось 11 секунд на ответ"],
    [22, "Осталось 22 секунды на ответ"],
  ])("the countdown at %i s", (seconds, text) => {
    expect(t("preview.countdown", { seconds })).toBe(text);
  });

  it.each([
    [1, "Осталась 1 секунда, чтобы ответить на чат от Pat"],
    [2, "Осталось 2 секунды, чтобы ответить на чат от Pat"],
    [5, "Осталось 5 секунд, чтобы ответить на чат от Pat"],
    [21, "Осталась 21 секунда, чтобы ответить на чат от Pat"],
  ])("the screen reader's announcement at %i s", (seconds, text) => {
    expect(t("preview.announce", { seconds, media: "chat", from: "Pat" })).toBe(text);
  });
});

describe("other languages' plurals and media", () => {
  it.each([
    ["en", 1, "1 second left to answer"],
    ["en", 5, "5 seconds left to answer"],
    ["fr", 1, "Il reste 1 seconde pour répondre"],
    ["de", 1, "Noch 1 Sekunde zum Antworten"],
    ["it", 2, "Restano 2 secondi per rispondere"],
    ["es", 1, "Queda 1 segundo para responder"],
  ])("%s at %i s", (locale, seconds, text) => {
    expect(createTranslator(locale).t("preview.countdown", { seconds })).toBe(text);
  });

  it("chooses the words of the media, articles included", () => {
    expect(createTranslator("fr").t("notify.title", { media: "voice", from: "Kim" })).toBe("Appel entrant de Kim");
    expect(createTranslator("es").t("note.accepted-elsewhere", { media: "voice", from: "Kim" })).toBe("La llamada de Kim se aceptó en otra ventana.");
    expect(createTranslator("en").t("note.accepted-elsewhere", { media: "chat", from: "Kim" })).toBe("The chat from Kim was accepted in another window.");
  });

  it("an unknown locale speaks English", () => {
    expect(createTranslator("pt-BR").t("preview.accept")).toBe("Accept");
  });
});

describe("times and durations come from Intl", () => {
  const at = new Date(2026, 2, 1, 14, 5);
  it("formats a time of day in each language's way", () => {
    expect(createTranslator("en").t("presence.since", { since: at })).toBe(`Since ${new Intl.DateTimeFormat("en", { hour: "numeric", minute: "2-digit" }).format(at)}`);
    expect(createTranslator("de").t("presence.since", { since: at })).toBe("Seit 14:05");
  });

  it("spells a duration with the language's units", () => {
    expect(createTranslator("ru").format.duration(125)).toMatch(/^2 мин\.? 5 с/);
    expect(createTranslator("en").format.duration(0)).toMatch(/^0 sec/);
  });
});

/** The placeholders a message counts with (`{n, plural, …}`), nested ones too: they take numbers. */
function pluralArguments(nodes: readonly AstNode[], into = new Set<string>()): Set<string> {
  for (const node of nodes) {
    if (node.type === AstType.plural && node.value) into.add(node.value);
    for (const option of Object.values(node.options ?? {})) pluralArguments(option.value, into);
  }
  return into;
}

describe("the pseudo-locale", () => {
  const pseudo = createTranslator(PSEUDO_LOCALE);

  it("makes every message longer by about 40 %, bracketed, with its placeholders working", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const source = parseMessage(en[key], "en");
      const counted = pluralArguments(source);
      const vars = Object.fromEntries([...argumentsOf(source)].map((name) => [name, name === "media" ? "chat" : name === "since" ? new Date() : counted.has(name) ? 7 : "ARG"]));
      const english = createTranslator("en").t(key, vars);
      const long = pseudo.t(key, vars);
      expect(long.startsWith("[") && long.endsWith("]"), `${key}: ${long}`).toBe(true);
      expect(long.length, `${key}: "${english}" -> "${long}"`).toBeGreaterThanOrEqual(Math.floor(english.length * (1 + PSEUDO_EXPANSION * 0.8)));
      for (const value of Object.values(vars)) if (value === "ARG") expect(long).toContain("ARG");
    }
  });

  it("keeps plural forms", () => {
    expect(pseudo.t("preview.countdown", { seconds: 1 })).toMatch(/^\[1 šéçöñđ /);
    expect(pseudo.t("preview.countdown", { seconds: 3 })).toMatch(/^\[3 šéçöñđš /);
  });
});

describe("the IM invitation's default text", () => {
  it("is the deployment guide's text, and the configuration's default", () => {
    expect(DEFAULT_INVITE_MESSAGE).toBe("Please use the window on the right to access data about current interactions");
    expect(parseConfig({ workers: [{ id: "kw1", name: "A" }] })["microsoft-ocs"]["invite-message"]).toBe(DEFAULT_INVITE_MESSAGE);
  });

  it("is translated for every language", () => {
    expect(Object.keys(INVITE_MESSAGES).sort()).toEqual([...LOCALES].sort());
    expect(new Set(Object.values(INVITE_MESSAGES)).size).toBe(LOCALES.length);
  });

  it("follows the worker's language unless the administrator changed it", () => {
    expect(inviteMessage(DEFAULT_INVITE_MESSAGE, "de")).toBe(INVITE_MESSAGES.de);
    expect(inviteMessage(undefined, "ru")).toBe(INVITE_MESSAGES.ru);
    expect(inviteMessage(DEFAULT_INVITE_MESSAGE, null)).toBe(DEFAULT_INVITE_MESSAGE);
    expect(inviteMessage(DEFAULT_INVITE_MESSAGE, "pt")).toBe(DEFAULT_INVITE_MESSAGE);
    expect(inviteMessage("Bitte das Fenster rechts benutzen", "fr")).toBe("Bitte das Fenster rechts benutzen");
    expect(inviteMessage("", "fr")).toBe("");
  });
});

describe("errors in the reader's language", () => {
  it("names the error's code in words, never the connector's English message", () => {
    const { t } = createTranslator("it");
    expect(errorReason(t, { status: 409, code: "conflict", message: "the offer timed out" })).toBe(t("error.reason.conflict"));
    expect(errorReason(t, { status: 0, code: "network", message: "x" })).toBe("UC Connector non è raggiungibile");
    expect(errorReason(t, new TypeError("boom"))).toBe(t("error.reason.unknown"));
    expect(errorReason(t, { code: "something_new" })).toBe(t("error.reason.unknown"));
  });
});

describe("the connector's system lines", () => {
  it("are read by their sentence, the name whatever it holds; any other line is left as written", () => {
    expect(systemLine("Alex Morgan joined the chat")).toEqual({ key: "chat.joined", vars: { name: "Alex Morgan" } });
    expect(systemLine("Ann (joined the chat) joined the chat")).toEqual({ key: "chat.joined", vars: { name: "Ann (joined the chat)" } });
    expect(systemLine("kw7 ended the chat")).toEqual({ key: "transcript.workerEnded", vars: { name: "kw7" } });
    expect(systemLine("The customer left the chat")).toEqual({ key: "transcript.customerLeft", vars: { name: "" } });
    expect(systemLine("Welcome! joined the chat soon")).toBeUndefined();
    expect(systemLine("")).toBeUndefined();
    const ru = createTranslator("ru").t;
    const line = systemLine("Sam Rivera ended the chat")!;
    expect(ru(line.key, line.vars)).toBe("Sam Rivera: чат завершён");
  });
});
