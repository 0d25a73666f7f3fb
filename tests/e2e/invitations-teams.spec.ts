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
import { SHOTS } from "./support/screenshots";
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

    // The last card's browser button, pressed in the Playground, opens the link's page; its Open the Preview.
    await expect(openButtons).toHaveCount(2);
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
