/** The Bayeux policy for desktop companions (B11): their worker's companion channels only, and only they reach them. */
import { describe, expect, it } from "vitest";
import { authorize, type BayeuxRequestFacts, type Principal } from "../../lib/bayeux/authorizer";
import { companionChannels } from "../../lib/companion/protocol";

const companion: Principal = { kind: "companion", workerId: "kw1" };
const browser: Principal = { kind: "worker", workerId: "kw1" };
const facts = (overrides: Partial<BayeuxRequestFacts>): BayeuxRequestFacts => ({ channel: "/meta/connect", subscriptions: [], principal: companion, boundTo: companion, ...overrides });
const verdict = (f: BayeuxRequestFacts) => {
  const d = authorize(f);
  return d.allow ? true : d.status;
};

describe("a companion's session", () => {
  it.each<[string, Partial<BayeuxRequestFacts>, true | 401 | 403]>([
    ["subscribes to its worker's down channel", { channel: "/meta/subscribe", subscriptions: [companionChannels.down("kw1")] }, true],
    ["may not subscribe to its worker's up channel", { channel: "/meta/subscribe", subscriptions: [companionChannels.up("kw1")] }, 403],
    ["may not subscribe to another worker's down channel", { channel: "/meta/subscribe", subscriptions: [companionChannels.down("kw2")] }, 403],
    ["may not subscribe with a wildcard", { channel: "/meta/subscribe", subscriptions: ["/companion/*/down"] }, 403],
    ["may not subscribe to the worker's browser streams", { channel: "/meta/subscribe", subscriptions: ["/kw/kw1/offers"] }, 403],
    ["publishes on its worker's up channel", { channel: companionChannels.up("kw1") }, true],
    ["may not publish on its down channel", { channel: companionChannels.down("kw1") }, 403],
    ["may not publish on another worker's up channel", { channel: companionChannels.up("kw2") }, 403],
    ["may not use a browser session's clientId", { channel: companionChannels.up("kw1"), boundTo: browser }, 403],
  ])("%s", (_, f, expected) => {
    expect(verdict(facts(f))).toBe(expected);
  });
});

describe("a worker's browser session", () => {
  it.each<[string, Partial<BayeuxRequestFacts>]>([
    ["may not subscribe to the companion's down channel", { channel: "/meta/subscribe", subscriptions: [companionChannels.down("kw1")] }],
    ["may not subscribe to the companion's up channel", { channel: "/meta/subscribe", subscriptions: [companionChannels.up("kw1")] }],
    ["may not publish as the companion", { channel: companionChannels.up("kw1") }],
    ["may not use a companion's clientId", { channel: "/meta/connect", boundTo: companion }],
  ])("%s", (_, f) => {
    expect(verdict(facts({ principal: browser, boundTo: browser, ...f }))).toBe(403);
  });
});
