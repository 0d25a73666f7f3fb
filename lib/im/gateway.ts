/**
 * The IM gateway port (B7): how a native IM invitation reaches a worker who has no window open.
 * One interface, several implementations (console, webhook, xmpp, teams), chosen in one place
 * from the `im` section of the configuration (lib/im/create-gateways.ts) and tried in order.
 */
import type { OfferOutcome } from "../domain/interaction";

/** Everything a gateway may say; built once per offer by the invitations service. */
export interface Invitation {
  worker: { id: string; name: string; jid?: string; upn?: string };
  /** The invite-message option's text (its default in the worker's language). */
  text: string;
  /** The worker's language (lib/i18n LOCALES): what a gateway's own words are written in. */
  locale: string;
  /** <UCC_PUBLIC_URL>/extension?invitation=TOKEN: opens the extension window with the Preview. */
  link: string;
  /** UCC_PUBLIC_URL (or the URL the connector listens on): the base of the Teams tab's deep link. */
  publicUrl: string;
  /** The offer's id: names the offer in a Teams deep link, and the invitation when it ends. */
  offer: string;
  /** ISO time the link (and the offer) expires. */
  expiresAt: string;
  interaction: { id: string; media: "chat" | "voice"; from: string; subject: string };
}

export interface ImGateway {
  /** The gateway's type as configured (console, webhook, xmpp, teams): the label of its logs and metrics. */
  readonly name: string;
  /**
   * Delivers the invitation, or rejects with a GatewayError saying why (down, refused, no address
   * for this worker). Must give up before `invitation.expiresAt`: a late invitation is useless.
   */
  send(invitation: Invitation): Promise<void>;
  /**
   * The offer of an invitation this gateway may have delivered has ended: a gateway that can
   * change what it sent (the Teams card) says how. Never rejects; at most once per offer.
   */
  ended?(ended: InvitationEnded): Promise<void>;
  /** Closes connections the gateway holds (XMPP). */
  close?(): Promise<void>;
}

/** How an invitation's offer ended, in the worker's language (lib/i18n LOCALES). */
export interface InvitationEnded {
  offer: string;
  worker: string;
  outcome: OfferOutcome;
  locale: string;
}

/** Why a gateway could not deliver; the next gateway is tried. */
export class GatewayError extends Error {
  constructor(
    readonly gateway: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "GatewayError";
  }
}

/** The one-line reason of any failure, safe to log and to keep in a reporting event. */
export function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, " ").slice(0, 200);
}

/** Milliseconds left until an ISO time (0 when it passed). */
export function msUntil(iso: string, now = Date.now()): number {
  return Math.max(0, Date.parse(iso) - now);
}
