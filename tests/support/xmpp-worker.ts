/** A worker's own XMPP client (@xmpp/client) for the tests: logs in, is available, keeps what arrives. */
import { client, xml, type Element, type XmppClient } from "@xmpp/client";

export interface ReceivedMessage {
  from: string;
  body: string;
  /** The XEP-0066 out-of-band URL, when the message carries one. */
  oobUrl?: string;
  xml: string;
}

export class XmppWorker {
  readonly messages: ReceivedMessage[] = [];
  private constructor(private readonly xmpp: XmppClient) {}

  static async login(service: string, domain: string, username: string, password: string): Promise<XmppWorker> {
    const xmpp = client({ service, domain, username, password, resource: "test" });
    xmpp.reconnect.stop();
    xmpp.on("error", () => undefined);
    const worker = new XmppWorker(xmpp);
    xmpp.on("stanza", (stanza: Element) => {
      if (!stanza.is("message")) return;
      const body = stanza.getChildText("body");
      if (body === null) return;
      const oob = stanza.getChild("x", "jabber:x:oob")?.getChildText("url") ?? undefined;
      worker.messages.push({ from: stanza.attrs.from, body, ...(oob ? { oobUrl: oob } : {}), xml: stanza.toString() });
    });
    await xmpp.start();
    // NOTE: an account with no available resource gets no chat messages delivered.
    await xmpp.send(xml("presence"));
    return worker;
  }

  async stop(): Promise<void> {
    await this.xmpp.stop().catch(() => undefined);
  }
}
