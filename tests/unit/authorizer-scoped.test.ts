/**
 * The Bayeux policy for a session invitation links opened (issue 15): it may subscribe to its
 * interactions' scoped channels only, never to the worker's own streams, and its client id is
 * not the full session's (nor another worker's).
 */
import { describe, expect, it } from "vitest";
import { authorize, samePrincipal, type BayeuxRequestFacts, type Principal } from "../../lib/bayeux/authorizer";

const scoped: Principal = { kind: "worker", workerId: "kw1", scopes: [{ offer: "o1", interaction: "i1" }] };
const otherScope: Principal = { kind: "worker", workerId: "kw1", scopes: [{ offer: "o2", interaction: "i2" }] };
const full: Principal = { kind: "worker", workerId: "kw1" };
const otherWorker: Principal = { kind: "worker", workerId: "kw2", scopes: [{ offer: "o1", interaction: "i1" }] };
const twoScopes: Principal = { kind: "worker", workerId: "kw1", scopes: [{ offer: "o1", interaction: "i1" }, { offer: "o2", interaction: "i2" }] };

const facts = (overrides: Partial<BayeuxRequestFacts>): BayeuxRequestFacts => ({
  channel: "/meta/subscribe",
  subscriptions: [],
  principal: scoped,
  boundTo: scoped,
  ...overrides,
});

type Row = [string, Partial<BayeuxRequestFacts>, true | 401 | 403];

describe("authorize a scoped session", () => {
  it.each<Row>([
    ["handshake", { channel: "/meta/handshake", boundTo: undefined }, true],
    ["connect of its own session", { channel: "/meta/connect" }, true],
    ["subscribe its interaction's channel", { subscriptions: ["/kw/kw1/scoped/i1"] }, true],
    ["subscribe another interaction's channel", { subscriptions: ["/kw/kw1/scoped/i2"] }, 403],
    ["subscribe its interaction on another worker", { subscriptions: ["/kw/kw2/scoped/i1"] }, 403],
    ["subscribe the worker's presence", { subscriptions: ["/kw/kw1/presence"] }, 403],
    ["subscribe the worker's offers", { subscriptions: ["/kw/kw1/offers"] }, 403],
    ["subscribe the worker's interactions", { subscriptions: ["/kw/kw1/interactions"] }, 403],
    ["subscribe its channel and the offers", { subscriptions: ["/kw/kw1/scoped/i1", "/kw/kw1/offers"] }, 403],
    ["subscribe a wildcard under scoped", { subscriptions: ["/kw/kw1/scoped/*"] }, 403],
    ["subscribe the customer's chat", { subscriptions: ["/chat/i1"] }, 403],
    ["publish to its channel", { channel: "/kw/kw1/scoped/i1" }, 403],
    ["a client id of the full session", { channel: "/meta/connect", boundTo: full }, 403],
    ["a client id of the same worker's scoped session before a link added i1", { channel: "/meta/connect", boundTo: otherScope }, true],
    ["a client id of another worker's scoped session", { channel: "/meta/connect", boundTo: otherWorker }, 403],
    ["a session that reaches two interactions subscribing the second", { principal: twoScopes, boundTo: twoScopes, subscriptions: ["/kw/kw1/scoped/i2"] }, true],
    ["a session that reaches two interactions subscribing a third", { principal: twoScopes, boundTo: twoScopes, subscriptions: ["/kw/kw1/scoped/i3"] }, 403],
    ["a full session subscribing a scoped channel", { principal: full, boundTo: full, subscriptions: ["/kw/kw1/scoped/i1"] }, 403],
    ["a full session using a scoped client id", { channel: "/meta/connect", principal: full, boundTo: scoped }, 403],
  ])("%s", (_name, overrides, expected) => {
    const decision = authorize(facts(overrides));
    if (expected === true) expect(decision).toEqual({ allow: true });
    else expect(decision).toMatchObject({ allow: false, status: expected });
  });

  it("tells a scoped session from a full one, and one worker from another", () => {
    expect(samePrincipal(scoped, { kind: "worker", workerId: "kw1", scopes: [{ offer: "o1", interaction: "i1" }] })).toBe(true);
    expect(samePrincipal(scoped, twoScopes)).toBe(true);
    expect(samePrincipal(scoped, full)).toBe(false);
    expect(samePrincipal(full, scoped)).toBe(false);
    expect(samePrincipal(scoped, otherWorker)).toBe(false);
  });
});
