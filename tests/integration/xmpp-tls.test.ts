/**
 * The xmpp gateway never sends its password in clear outside loopback: against a real Prosody
 * that offers no STARTTLS, a gateway that must have TLS (any service not on loopback) stops
 * before authenticating, while the same gateway on loopback sends as before.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createXmppGateway, NO_TLS } from "../../lib/im/xmpp-gateway";
import type { Invitation } from "../../lib/im/gateway";
import { startProsody, type Prosody } from "../support/prosody";
import { XmppWorker } from "../support/xmpp-worker";
import { waitFor } from "../support/wait";

let prosody: Prosody;
let worker: XmppWorker;
beforeAll(async () => {
  prosody = await startProsody();
  prosody.register("ucc", "ucc-password");
  prosody.register("kw1", "kw1-password");
  worker = await XmppWorker.login(prosody.service, prosody.domain, "kw1", "kw1-password");
}, 30_000);
afterAll(async () => {
  await worker?.stop();
  await prosody?.stop();
});

const invitation = (from: string): Invitation => ({
  worker: { id: "kw1", name: "Alex", jid: `kw1@${prosody.domain}` },
  text: "Please open",
  link: "https://ucc.example/extension?invitation=t",
  publicUrl: "https://ucc.example",
  offer: "o1",
  expiresAt: new Date(Date.now() + 60_000).toISOString(),
  locale: "en",
  interaction: { id: `i-${from}`, media: "chat", from, subject: "" },
});

const gateway = (requireTls?: boolean) =>
  createXmppGateway({ service: prosody.service, domain: prosody.domain, username: "ucc", password: "ucc-password", timeoutMs: 5_000, requireTls });

describe("xmpp gateway and TLS", () => {
  it("refuses to authenticate without TLS when TLS is required (a server that offers no STARTTLS)", async () => {
    const g = gateway(true);
    try {
      await expect(g.send(invitation("Casey"))).rejects.toThrow(NO_TLS);
    } finally {
      await g.close?.();
    }
    expect(worker.messages.some((m) => m.body.includes("Casey"))).toBe(false);
  });

  it("on loopback sends in clear as before (the default there)", async () => {
    const g = gateway();
    try {
      await g.send(invitation("Robin"));
    } finally {
      await g.close?.();
    }
    await waitFor(() => worker.messages.some((m) => m.body.includes("Robin")), Boolean, { what: "the invitation at the worker" });
  });
});
