/**
 * The Bayeux security policy as a pure function: what a principal may do with a message. It
 * grants only what it names; anything else, including an unknown channel, is denied.
 */
import { companionChannels, parseCompanionChannel } from "../companion/protocol";
import { parseChannel } from "./channels";

/**
 * A worker; with `scopes`, a session invitation links opened: it reaches those offers and the
 * interactions that follow only (lib/connector/sessions.ts).
 */
export type WorkerPrincipal = { kind: "worker"; workerId: string; scopes?: ReadonlyArray<{ offer: string; interaction: string }> };
export type CustomerPrincipal = { kind: "customer"; interactionId: string };
/**
 * A worker's desktop companion (B11), proven by its credential or client certificate: it reaches
 * its worker's companion channels only, never the worker's browser streams.
 */
export type CompanionPrincipal = { kind: "companion"; workerId: string };
export type Principal = WorkerPrincipal | CustomerPrincipal | CompanionPrincipal;

export type Decision = { allow: true } | { allow: false; status: 401 | 403; reason: string };

const ALLOW: Decision = { allow: true };
const deny = (status: 401 | 403, reason: string): Decision => ({ allow: false, status, reason });

export interface BayeuxRequestFacts {
  channel: string;
  /** For /meta/subscribe and /meta/unsubscribe: the channels asked for. */
  subscriptions: readonly string[];
  /** Who the HTTP request or WebSocket carrying the message is signed in as. */
  principal: Principal | undefined;
  /** Who the message's clientId was handshaken by, when it has one. */
  boundTo: Principal | undefined;
}

export function authorize(facts: BayeuxRequestFacts): Decision {
  const { channel, principal, boundTo } = facts;
  if (!principal) return deny(401, "not signed in");
  if (channel === "/meta/handshake") return ALLOW;
  if (!boundTo) return deny(403, "unknown session");
  if (!samePrincipal(principal, boundTo)) return deny(403, "session belongs to someone else");
  switch (channel) {
    case "/meta/connect":
    case "/meta/disconnect":
    case "/meta/unsubscribe":
      return ALLOW;
    case "/meta/subscribe":
      if (facts.subscriptions.length === 0) return deny(403, "nothing to subscribe to");
      for (const subscription of facts.subscriptions) {
        if (!owns(principal, subscription)) return deny(403, `may not subscribe to ${subscription}`);
      }
      return ALLOW;
    default:
      // NOTE: browsers act through HTTP, never by publishing; the one client publish granted is a
      // companion's on its own worker's `up` channel.
      if (principal.kind === "companion" && channel === companionChannels.up(principal.workerId)) return ALLOW;
      return deny(403, `may not publish to ${channel}`);
  }
}

/** Whether the channel is one of the principal's own. */
function owns(principal: Principal, channel: string): boolean {
  if (principal.kind === "companion") {
    const companion = parseCompanionChannel(channel);
    return companion?.direction === "down" && companion.workerId === principal.workerId;
  }
  const parsed = parseChannel(channel);
  if (!parsed) return false;
  if (principal.kind === "worker") {
    // NOTE: a scoped session sees its interaction's channel only, never the worker's own streams.
    if (principal.scopes) {
      return parsed.kind === "scoped" && parsed.workerId === principal.workerId && principal.scopes.some((s) => s.interaction === parsed.interactionId);
    }
    return parsed.kind === "worker" && parsed.workerId === principal.workerId;
  }
  return parsed.kind === "customer" && parsed.interactionId === principal.interactionId;
}

export function samePrincipal(a: Principal, b: Principal): boolean {
  // NOTE: a scoped session stays one principal as links add interactions to it; what it may
  // subscribe to is checked against its scopes now, on every message.
  if (a.kind === "worker") return b.kind === "worker" && a.workerId === b.workerId && Boolean(a.scopes) === Boolean(b.scopes);
  if (a.kind === "companion") return b.kind === "companion" && a.workerId === b.workerId;
  return b.kind === "customer" && a.interactionId === b.interactionId;
}
