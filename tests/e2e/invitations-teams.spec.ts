/**
 * The teams IM gateway in a real browser against Microsoft's Agents Playground standing in for
 * Teams (B7, B8): the app is installed for the worker (the bot keeps the conversation), an
 * interaction comes with no window open, the Playground receives the Adaptive Card, and its
 * button's link, with Open pressed, opens the Preview; then the same cycle as every gateway. One Playground for the
 * file, started once.
 */
import { Connector, freePort } from "./support/connector";
import { expect, test } from "./support/fixtures";
import { invitationCycle } from "./support/invitation-cycle";
import { interactionRegion, preview } from "./pages/preview";
import { SHOTS, docsShots } from "./support/screenshots";
import { KwClientPage } from "./pages/kw-client";
import { teamsAppId } from "../../lib/im/teams/teams-app";
import { PLAYGROUND_USER_UPN, cardOf, startAgentsPlayground, type AgentsPlayground } from "../support/agents-playground";
import path from "node:path";
import { mkdirSync } from "node:fs";

let playground: AgentsPlayground | undefined;
let connectorPort = 0;
test.describe.configure({ mode: "serial" });
test.beforeAll(async () => {
  connectorPort = await freePort();
  playground = await startAgentsPlayground({
    port: await freePort(),
    botEndpoint: `http://127.0.0.1:${connectorPort}/api/teams/messages`,
    conversationId: "personal-kw1",
  });
});
test.afterAll(async () => playground?.stop());

test("teams: the Adaptive Card's button shows Open, which opens the Preview for that interaction only; the next offer is an invitation again", async ({ browser }) => {
  // NOTE: three invitations, two browser windows and a Playground chat: more than the default on a busy machine.
  test.setTimeout(90_000);
  const pg = playground!;
  const connector = await Connector.start({
    port: connectorPort,
    config: {
      workers: [
        { id: "kw1", name: "Alex Morgan", upn: PLAYGROUND_USER_UPN },
        { id: "kw2", name: "Sam Rivera" },
        { id: "kw3", name: "Jordan Lee" },
      ],
      im: { gateways: [{ type: "teams", "allow-unauthenticated": true }] },
    },
  });
  // The Playground's own chat page, open from the start: it renders each card as it arrives.
  const chat = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    await chat.goto(pg.url);
    // Installing the app for the worker: the bot keeps the conversation and says hello.
    await pg.install();
    await expect.poll(() => pg.messages.some((m) => m.text?.startsWith("Hello Alex Morgan")), { timeout: 10_000 }).toBe(true);
    await expect(chat.getByRole("paragraph").filter({ hasText: "Hello Alex Morgan: when you have no UC Connector window open" }).first()).toBeVisible();
    const openButtons = chat.getByRole("link", { name: "Open in a browser" });

    await invitationCycle(browser, connector, "teams", async (_id, from) => {
      await expect.poll(() => pg.messages.some((m) => cardOf(m)?.facts.From === from), { timeout: 10_000 }).toBe(true);
      const card = cardOf(pg.messages.find((m) => cardOf(m)?.facts.From === from)!)!;
      expect(card.card.body[0]).toMatchObject({ type: "TextBlock", text: "Incoming chat" });
      return card.url!;
    }, async () => {
      await expect(openButtons).toHaveCount(1);
      mkdirSync(SHOTS, { recursive: true });
      await chat.screenshot({ path: path.join(SHOTS, "invitation-teams-playground.png") });
    });

    // The first card says it was accepted, with no button left; the last card's browser button,
    // pressed in the Playground, opens the link's page; its Open the Preview.
    await expect(chat.getByText("Accepted: you took this chat.")).toBeVisible();
    await expect(openButtons).toHaveCount(1);
    const [popup] = await Promise.all([chat.waitForEvent("popup"), openButtons.last().click()]);
    await popup.getByRole("button", { name: "Open" }).click();
    await expect(popup).toHaveURL(`${connector.url}/extension`);
    await expect(preview(popup)).toContainText("Lou Third");
    await preview(popup).getByRole("button", { name: "Accept" }).click();
    await expect(interactionRegion(popup, "Lou Third")).toBeVisible();
  } finally {
    await chat.context().close();
    await connector.dispose();
  }
});

/** Waits for the first card from `from` (in any language) in the Playground's chat, updated `updates` times; as shown now. */
async function cardFrom(pg: AgentsPlayground, from: string, updates = 0) {
  const find = () => pg.messages.find((m) => Object.values(cardOf(m)?.facts ?? {}).includes(from));
  await expect.poll(() => find()?.updates, { timeout: 15_000 }).toBe(updates);
  return cardOf(find()!)!;
}

/** Both widths of the Playground's chat, the newest message in view. */
async function shootChat(chat: import("@playwright/test").Page, name: string): Promise<void> {
  mkdirSync(docsShots("teams"), { recursive: true });
  for (const width of [1280, 320]) {
    await chat.setViewportSize({ width, height: 900 });
    await chat.screenshot({ path: path.join(docsShots("teams"), `${name}-${width}.png`) });
  }
  await chat.setViewportSize({ width: 1280, height: 900 });
}

/** A connector whose worker kw1 is the Playground's user, the app installed for them (the bot said hello). */
async function connectorWithApp(pg: AgentsPlayground, chat: import("@playwright/test").Page, routing: Record<string, number> = {}): Promise<Connector> {
  const connector = await Connector.start({
    port: connectorPort,
    config: {
      workers: [
        { id: "kw1", name: "Alex Morgan", upn: PLAYGROUND_USER_UPN },
        { id: "kw2", name: "Sam Rivera" },
      ],
      im: { gateways: [{ type: "teams", "allow-unauthenticated": true }] },
      routing,
    },
  });
  const hellos = () => pg.messages.filter((m) => m.text?.startsWith("Hello Alex Morgan")).length;
  const before = hellos();
  await chat.goto(pg.url);
  await pg.install();
  await expect.poll(hellos, { timeout: 10_000 }).toBeGreaterThan(before);
  return connector;
}

test("teams: the card's main button opens the tab on its offer; accepted in a window, the card says so in place with no button left; the bot and the card speak the worker's language", async ({ browser }) => {
  // NOTE: two connectors' starts, a browser sign-in and a Playground chat: more than the default on a busy machine.
  test.setTimeout(90_000);
  const pg = playground!;
  const chat = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const connector = await connectorWithApp(pg, chat);
  try {
    await connector.setPresenceFromUc("kw1", "available");
    await connector.api("POST", "/api/v1/interactions", { media: "chat", from: "Ann Elsewhere", subject: "Accepted in a window" });
    const sent = await cardFrom(pg, "Ann Elsewhere");
    expect(sent.actions.map((a) => a.title)).toEqual(["Open in Teams", "Open in a browser"]);
    const deepLink = new URL(sent.deepLink!);
    expect(`${deepLink.origin}${deepLink.pathname}`).toBe(`https://teams.microsoft.com/l/entity/${teamsAppId(connector.url)}/ucc-extension`);
    expect(deepLink.searchParams.get("webUrl")).toBe(`${connector.url}/extension`);
    expect(deepLink.searchParams.get("label")).toBe("Interactions");
    const offerId = (JSON.parse(deepLink.searchParams.get("context")!) as { subEntityId: string }).subEntityId;
    expect(sent.url).toMatch(new RegExp(`^${connector.url}/extension\\?invitation=`));
    await expect(chat.getByRole("link", { name: "Open in Teams" }).last()).toBeVisible();
    await shootChat(chat, "card-before");

    // A window of the worker opens meanwhile (B8) and Accept is pressed there: the card says so.
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await new KwClientPage(page, connector.url).signIn("kw1");
      // The subEntityId is that offer's id: the one the tab will look for.
      const offers = (await (await page.request.get(`${connector.url}/api/kw/offers`)).json()) as Array<{ id: string }>;
      expect(offers.map((o) => o.id)).toEqual([offerId]);
      await preview(page).getByRole("button", { name: "Accept" }).click();
      await expect(interactionRegion(page, "Ann Elsewhere")).toBeVisible();
      const accepted = await cardFrom(pg, "Ann Elsewhere", 1);
      expect(accepted.texts).toContain("Accepted: you took this chat.");
      expect(accepted.facts).toEqual({ From: "Ann Elsewhere", Subject: "Accepted in a window" });
      expect(accepted.actions).toEqual([]);
      await expect(chat.getByText("Accepted: you took this chat.")).toBeVisible();
      await shootChat(chat, "card-after");

      // The worker chooses French: the bot answers and writes its cards in French.
      expect((await page.request.put(`${connector.url}/api/kw/language`, { data: { language: "fr" } })).ok()).toBe(true);
    } finally {
      await context.close();
    }
    // Typed into the Playground's own message box, as a worker writes to the bot in Teams.
    const box = chat.getByRole("textbox").last();
    await box.click();
    await chat.keyboard.type("bonjour");
    await chat.keyboard.press("Enter");
    await expect.poll(() => pg.messages.some((m) => m.text?.startsWith("Bonjour Alex Morgan")), { timeout: 10_000 }).toBe(true);
    await connector.api("POST", "/api/v1/interactions", { media: "chat", from: "Flo Français", subject: "En français" });
    const french = await cardFrom(pg, "Flo Français");
    expect(french.texts[0]).toBe("Chat entrant");
    expect(french.actions.map((a) => a.title)).toEqual(["Ouvrir dans Teams", "Ouvrir dans un navigateur"]);
    expect(french.facts).toMatchObject({ De: "Flo Français", Objet: "En français" });
  } finally {
    await chat.context().close();
    await connector.dispose();
  }
});

test("teams: a card nobody opened says, once its offer ran out, that it was not answered in time, with no button left; after a restart too", async ({ browser }) => {
  test.setTimeout(90_000);
  const pg = playground!;
  const chat = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // NOTE: time enough for the stop below to come before the offer runs out, even on a busy machine.
  const connector = await connectorWithApp(pg, chat, { "preview-timeout": 15, "restart-grace": 0 });
  try {
    await connector.setPresenceFromUc("kw1", "available");
    await connector.api("POST", "/api/v1/interactions", { media: "chat", from: "Tim Timeout", subject: "Across a restart" });
    const sent = await cardFrom(pg, "Tim Timeout");
    expect(sent.actions).toHaveLength(2);
    // The connector stops while the card is out (the offer still open), and starts again: the card
    // kept in the store is updated all the same when the offer runs out.
    await connector.stop();
    expect(pg.messages.find((m) => cardOf(m)?.facts.From === "Tim Timeout")?.updates).toBe(0);
    await connector.restart();
    const timedOut = await cardFrom(pg, "Tim Timeout", 1);
    expect(timedOut.texts).toContain("Not answered in time: this chat was handed back to routing.");
    expect(timedOut.facts).toEqual({ From: "Tim Timeout", Subject: "Across a restart" });
    expect(timedOut.actions).toEqual([]);
    await expect(chat.getByText("Not answered in time: this chat was handed back to routing.")).toBeVisible();
  } finally {
    await chat.context().close();
    await connector.dispose();
  }
});
