/** The Bayeux security policy: it grants only what it names. */
import { describe, expect, it } from "vitest";
import { authorize, samePrincipal, type BayeuxRequestFacts, type Principal } from "../../lib/bayeux/authorizer";

const kw1: Principal = { kind: "worker", workerId: "kw1" };
const kw2: Principal = { kind: "worker", workerId: "kw2" };

const facts = (overrides: Partial<BayeuxRequestFacts>): BayeuxRequestFacts => ({
  channel: "/meta/connect",
  subscriptions: [],
  principal: kw1,
  boundTo: kw1,
  ...overrides,
});

type Row = [string, Partial<BayeuxRequestFacts>, true | 401 | 403];

describe("authorize", () => {
  it.each<Row>([
    ["handshake without a principal", { channel: "/meta/handshake", principal: undefined, boundTo: undefined }, 401],
    ["handshake signed in", { channel: "/meta/handshake", boundTo: undefined }, true],
    ["connect without a principal", { channel: "/meta/connect", principal: undefined }, 401],
    ["subscribe without a principal", { channel: "/meta/subscribe", subscriptions: ["/kw/kw1/presence"], principal: undefined }, 401],
    ["connect of my session", { channel: "/meta/connect" }, true],
    ["disconnect of my session", { channel: "/meta/disconnect" }, true],
    ["unsubscribe of my session", { channel: "/meta/unsubscribe", subscriptions: ["/kw/kw1/presence"] }, true],
    ["subscribe own presence channel", { channel: "/meta/subscribe", subscriptions: ["/kw/kw1/presence"] }, true],
    ["subscribe own offers channel", { channel: "/meta/subscribe", subscriptions: ["/kw/kw1/offers"] }, true],
    ["subscribe both own channels at once", { channel: "/meta/subscribe", subscriptions: ["/kw/kw1/presence", "/kw/kw1/offers"] }, true],
    ["subscribe another worker's channel", { channel: "/meta/subscribe", subscriptions: ["/kw/kw2/presence"] }, 403],
    ["subscribe own and another worker's channel", { channel: "/meta/subscribe", subscriptions: ["/kw/kw1/presence", "/kw/kw2/offers"] }, 403],
    ["subscribe wildcard /kw/*", { channel: "/meta/subscribe", subscriptions: ["/kw/*"] }, 403],
    ["subscribe wildcard /kw/**", { channel: "/meta/subscribe", subscriptions: ["/kw/**"] }, 403],
    ["subscribe wildcard /kw/kw1/*", { channel: "/meta/subscribe", subscriptions: ["/kw/kw1/*"] }, 403],
    ["subscribe /kw/*/presence (wildcard in the middle)", { channel: "/meta/subscribe", subscriptions: ["/kw/*/presence"] }, 403],
    ["subscribe wildcard /**", { channel: "/meta/subscribe", subscriptions: ["/**"] }, 403],
    ["subscribe /*", { channel: "/meta/subscribe", subscriptions: ["/*"] }, 403],
    ["subscribe an unknown channel", { channel: "/meta/subscribe", subscriptions: ["/chat/room1"] }, 403],
    ["subscribe an unknown topic of my own", { channel: "/meta/subscribe", subscriptions: ["/kw/kw1/secrets"] }, 403],
    ["subscribe a meta channel", { channel: "/meta/subscribe", subscriptions: ["/meta/connect"] }, 403],
    ["subscribe a service channel", { channel: "/meta/subscribe", subscriptions: ["/service/echo"] }, 403],
    ["subscribe nothing", { channel: "/meta/subscribe", subscriptions: [] }, 403],
    ["publish to own presence channel", { channel: "/kw/kw1/presence" }, 403],
    ["publish to own offers channel", { channel: "/kw/kw1/offers" }, 403],
    ["publish to another worker's channel", { channel: "/kw/kw2/presence" }, 403],
    ["publish to a service channel", { channel: "/service/anything" }, 403],
    ["an unknown meta channel", { channel: "/meta/whatever" }, 403],
    ["a clientId handshaken by another worker (connect)", { channel: "/meta/connect", boundTo: kw2 }, 403],
    ["a clientId handshaken by another worker (subscribe own-looking)", { channel: "/meta/subscribe", subscriptions: ["/kw/kw1/presence"], boundTo: kw2 }, 403],
    ["a clientId handshaken by another worker (disconnect)", { channel: "/meta/disconnect", boundTo: kw2 }, 403],
    ["no known session (connect)", { channel: "/meta/connect", boundTo: undefined }, 403],
    ["no known session (subscribe)", { channel: "/meta/subscribe", subscriptions: ["/kw/kw1/presence"], boundTo: undefined }, 403],
    ["no known session (unsubscribe)", { channel: "/meta/unsubscribe", subscriptions: ["/kw/kw1/presence"], boundTo: undefined }, 403],
  ])("%s", (_name, overrides, expected) => {
    const decision = authorize(facts(overrides));
    if (expected === true) {
      expect(decision).toEqual({ allow: true });
    } else {
      expect(decision.allow).toBe(false);
      if (!decision.allow) {
        expect(decision.status).toBe(expected);
        expect(decision.reason).toBeTruthy();
      }
    }
  });

  it("names the refused subscription in the reason", () => {
    const decision = authorize(facts({ channel: "/meta/subscribe", subscriptions: ["/kw/kw2/presence"] }));
    expect(decision).toEqual({ allow: false, status: 403, reason: "may not subscribe to /kw/kw2/presence" });
  });
});

describe("samePrincipal", () => {
  it("compares kind and worker id", () => {
    expect(samePrincipal(kw1, { kind: "worker", workerId: "kw1" })).toBe(true);
    expect(samePrincipal(kw1, kw2)).toBe(false);
  });
});
