/**
 * The xmpp IM gateway in a real browser against a real Prosody (B7, B8): the test logs in as the
 * worker with @xmpp/client, receives the chat message from the connector's account, and opens
 * its link and presses Open; then the same cycle as every gateway. One Prosody for the file, started once.
 */
import { Connector } from "./support/connector";
import { expect, test } from "./support/fixtures";
import { invitationCycle } from "./support/invitation-cycle";
import { shootText } from "./support/terminal-shot";
import { startProsody, type Prosody } from "../support/prosody";
import { XmppWorker } from "../support/xmpp-worker";

let prosody: Prosody | undefined;
test.describe.configure({ mode: "serial" });
test.beforeAll(async () => {
  prosody = await startProsody();
  prosody.register("ucc", "ucc-password");
  prosody.register("kw1", "kw1-password");
});
test.afterAll(async () => prosody?.stop());

test("xmpp: the chat message's link shows Open, which opens the Preview for that interaction only; the next offer is an invitation again", async ({ browser }) => {
  const p = prosody!;
  const worker = await XmppWorker.login(p.service, p.domain, "kw1", "kw1-password");
  const connector = await Connector.start({
    config: {
      workers: [
        { id: "kw1", name: "Alex Morgan", jid: `kw1@${p.domain}` },
        { id: "kw2", name: "Sam Rivera" },
        { id: "kw3", name: "Jordan Lee" },
      ],
      im: { gateways: [{ type: "xmpp", service: p.service, domain: p.domain, username: "ucc", password: "ucc-password" }] },
    },
  });
  try {
    await invitationCycle(browser, connector, "xmpp", async (_id, from) => {
      await expect.poll(() => worker.messages.some((m) => m.body.includes(`Chat from ${from}`)), { timeout: 10_000 }).toBe(true);
      const message = worker.messages.find((m) => m.body.includes(`Chat from ${from}`))!;
      expect(message.from).toBe(`ucc@${p.domain}/ucc`);
      expect(message.body.split("\n")).toEqual([
        "Please use the window on the right to access data about current interactions",
        expect.stringMatching(new RegExp(`^Chat from ${from}: `)),
        message.oobUrl,
      ]);
      return message.oobUrl!;
    }, async () => {
      const m = worker.messages[0];
      await shootText(browser, "invitation-xmpp.png", `XMPP chat message to kw1@${p.domain} from ${m.from} (xmpp IM gateway, Prosody)`, `${m.body}\n\n${m.xml}`);
    });
  } finally {
    await connector.dispose();
    await worker.stop();
  }
});
