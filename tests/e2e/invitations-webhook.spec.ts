/**
 * The webhook IM gateway in a real browser (B7, B8): the invitation is POSTed, signed, to a test
 * receiver (a 503 first, retried); its link's Open opens the Preview; then the same cycle as every
 * gateway. And with every gateway failing (a webhook answering 500, an XMPP server that is not
 * there), the offer still goes to the next worker and nothing is lost.
 */
import net, { type AddressInfo } from "node:net";
import { Connector } from "./support/connector";
import { expect, test } from "./support/fixtures";
import { createChat } from "./support/invitation-cycle";
import { invitationCycle } from "./support/invitation-cycle";
import { KwClientPage } from "./pages/kw-client";
import { interactionRegion, preview } from "./pages/preview";
import { shootText } from "./support/terminal-shot";
import { WebhookReceiver } from "./support/webhook-receiver";

const SECRET = "e2e-webhook-secret-0123456789";

test("webhook: the signed POST's link shows Open, which opens the Preview for that interaction only; the next offer is an invitation again", async ({ browser }) => {
  const receiver = await WebhookReceiver.start(SECRET, [503, 200]);
  const connector = await Connector.start({ config: { im: { gateways: [{ type: "webhook", url: receiver.url, secret: SECRET }] } } });
  try {
    await invitationCycle(browser, connector, "webhook", async (id) => {
      await expect.poll(() => receiver.hits.filter((h) => h.json.interaction.id === id).length, { timeout: 10_000 }).toBeGreaterThan(0);
      const hits = receiver.hits.filter((h) => h.json.interaction.id === id);
      const hit = hits[hits.length - 1];
      expect(hits.every((h) => h.signed)).toBe(true);
      expect(hit.json).toMatchObject({ worker: "kw1", text: "Please use the window on the right to access data about current interactions", interaction: { id, media: "chat" } });
      return hit.json.link;
    }, async () => {
      const [first, second] = receiver.hits;
      expect(first.json.interaction.id).toBe(second.json.interaction.id); // the 503 was retried
      await shootText(
        browser,
        "invitation-webhook.png",
        `POST ${new URL(receiver.url).pathname} (webhook IM gateway)`,
        `X-UCC-Signature: ${second.signature}\nContent-Type: application/json\n\n${JSON.stringify(second.json, null, 2)}`,
      );
    });
  } finally {
    await connector.dispose();
    await receiver.stop();
  }
});

test("every gateway failing: the invitation fails, is reported, and the offer still goes to the next worker", async ({ browser }) => {
  test.setTimeout(60_000);
  const receiver = await WebhookReceiver.start(SECRET, [500]);
  // An "XMPP server" that hangs up on every connection: down, on a port no one else can take.
  const dead = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => dead.listen(0, "127.0.0.1", resolve));
  const deadXmpp = (dead.address() as AddressInfo).port;
  const demoWorkers = [
    { id: "kw1", name: "Alex Morgan", jid: "kw1@localhost" },
    { id: "kw2", name: "Sam Rivera" },
    { id: "kw3", name: "Jordan Lee" },
  ];
  const connector = await Connector.start({
    routing: { "preview-timeout": 5 },
    config: {
      workers: demoWorkers,
      im: {
        gateways: [
          { type: "webhook", url: receiver.url, secret: SECRET, retries: 1 },
          { type: "xmpp", service: `xmpp://127.0.0.1:${deadXmpp}`, domain: "localhost", username: "ucc", password: "pw", "timeout-ms": 1000 },
        ],
      },
    },
  });
  const context = await browser.newContext();
  try {
    // kw1 has been Available longest, with no window; kw2 is Available in a window.
    await connector.setPresenceFromUc("kw1", "available");
    const kw2 = new KwClientPage(await context.newPage(), connector.url);
    await kw2.signIn("kw2");
    await kw2.expectConnected();
    await kw2.choosePresence("available");

    const id = await createChat(connector, "Ari Lost", "Nothing is lost");
    await expect(preview(kw2.page)).toContainText("Ari Lost", { timeout: 12_000 });
    await preview(kw2.page).getByRole("button", { name: "Accept" }).click();
    await expect(interactionRegion(kw2.page, "Ari Lost")).toBeVisible();

    const events = (await connector.events()).filter((e) => e.interaction === id);
    expect(events.map((e) => [e.type, e.worker])).toEqual([
      ["InteractionQueued", undefined],
      ["InteractionOffered", "kw1"],
      ["InvitationFailed", "kw1"],
      ["InteractionRejected", "kw1"],
      ["InteractionOffered", "kw2"],
      ["InteractionAccepted", "kw2"],
    ]);
    const failed = events.find((e) => e.type === "InvitationFailed")!;
    expect(failed.reasons).toMatchObject({ gateways: "webhook,xmpp" });
    expect(receiver.hits).toHaveLength(2);
    const metrics = await (await fetch(`${connector.url}/metrics`)).text();
    expect(metrics).toMatch(/ucc_invitations_total\{outcome="failed"\} 1/);
    expect(connector.log).toContain("IM gateway failed; trying the next");
  } finally {
    await context.close();
    await connector.dispose();
    await receiver.stop();
    dead.close();
  }
});
