/**
 * The xmpp gateway: a chat message from the connector's own account to the worker's JID (the
 * route to Cisco Jabber and other XMPP deployments), with the link also as XEP-0066 out-of-band
 * data so clients that know it show a button. One connection, opened on first use and shared;
 * a failed connection is dropped and made anew on the next invitation.
 */
import { randomUUID } from "node:crypto";
import { client, xml, type XmppClient } from "@xmpp/client";
import { xmppMayBePlain } from "../config/im-schema";
import { createTranslator } from "../i18n/translator";
import { GatewayError, type ImGateway, type Invitation } from "./gateway";

export interface XmppOptions {
  service: string;
  domain: string;
  username: string;
  password: string;
  timeoutMs: number;
  /**
   * Refuse to authenticate on a connection that is not TLS (direct, or STARTTLS). Default: unless
   * the service is on loopback (xmppMayBePlain).
   */
  requireTls?: boolean;
}

/** What the SASL step hands a `credentials` function in @xmpp/client 0.14. */
type Authenticate = (credentials: { username: string; password: string }, mechanism: string, userAgent?: unknown) => Promise<void>;

/** The error when a server would have the password sent in clear. */
export const NO_TLS = "the server offered no TLS (STARTTLS), and the password is not sent in clear";

/** The message's text: the invite-message, who it is from, and the link on a line of its own. */
export function invitationText(invitation: Invitation): string {
  const { interaction } = invitation;
  const { t } = createTranslator(invitation.locale);
  const who = t(interaction.media === "voice" ? "invitation.im.call-from" : "invitation.im.chat-from", { from: interaction.from });
  const about = `${who}${interaction.subject ? `: ${interaction.subject}` : ""}`;
  return [invitation.text, about, invitation.link].filter(Boolean).join("\n");
}

export function createXmppGateway(options: XmppOptions): ImGateway {
  let connection: { xmpp: XmppClient; online: Promise<void> } | undefined;
  const fail = (message: string, cause?: unknown) => new GatewayError("xmpp", message, { cause });

  const requireTls = options.requireTls ?? !xmppMayBePlain(options.service);
  const userAgent = xml("user-agent", { id: randomUUID() });

  function connect(): { xmpp: XmppClient; online: Promise<void> } {
    const xmpp = client({
      service: options.service,
      domain: options.domain,
      username: options.username,
      resource: "ucc",
      timeout: options.timeoutMs,
      // NOTE: @xmpp/client upgrades with STARTTLS when the server offers it, and otherwise goes on
      // to SASL in clear; this is the last point before the password leaves, so the check is here.
      credentials: async (authenticate: Authenticate, mechanisms: string[], _fast: unknown, entity: { isSecure(): boolean }) => {
        const secure = entity.isSecure();
        if (requireTls && !secure) throw new Error(NO_TLS);
        // As the library's own default: any mechanism over TLS, never PLAIN in clear.
        const mechanism = secure ? mechanisms[0] : mechanisms.find((m) => m !== "PLAIN");
        if (!mechanism) throw new Error("the server offers only PLAIN authentication on a connection in clear");
        await authenticate({ username: options.username, password: options.password }, mechanism, userAgent);
      },
    } as Parameters<typeof client>[0]);
    // NOTE: the client reconnects on its own after a drop; we prefer to fail this invitation
    // fast (the next gateway is tried) and connect again on the next one.
    xmpp.reconnect.stop();
    xmpp.on("error", () => undefined);
    xmpp.on("offline", () => {
      if (connection?.xmpp === xmpp) connection = undefined;
    });
    const online = withTimeout(xmpp.start(), options.timeoutMs, "connecting timed out").then(
      () => undefined,
      (error: unknown) => {
        if (connection?.xmpp === xmpp) connection = undefined;
        void xmpp.stop().catch(() => undefined);
        throw error;
      },
    );
    return { xmpp, online };
  }

  return {
    name: "xmpp",
    async send(invitation) {
      const to = invitation.worker.jid;
      if (!to) throw fail(`worker ${invitation.worker.id} has no jid`);
      connection ??= connect();
      const { xmpp, online } = connection;
      try {
        await online;
      } catch (error) {
        throw fail(`cannot reach ${options.service}: ${describe(error)}`, error);
      }
      try {
        await withTimeout(
          xmpp.send(
            xml(
              "message",
              { to, type: "chat", id: `ucc-${invitation.interaction.id}` },
              xml("body", {}, invitationText(invitation)),
              xml("x", { xmlns: "jabber:x:oob" }, xml("url", {}, invitation.link), xml("desc", {}, invitation.text)),
            ),
          ),
          options.timeoutMs,
          "sending timed out",
        );
      } catch (error) {
        if (connection?.xmpp === xmpp) connection = undefined;
        void xmpp.stop().catch(() => undefined);
        throw fail(`sending to ${to} failed: ${describe(error)}`, error);
      }
    },
    async close() {
      const current = connection;
      connection = undefined;
      await current?.xmpp.stop().catch(() => undefined);
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): string {
  const e = error as { code?: string; condition?: string; message?: string } | undefined;
  return e?.condition ?? e?.code ?? e?.message ?? String(error);
}
