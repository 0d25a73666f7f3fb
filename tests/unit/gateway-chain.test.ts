/** The gateway chain: in order, the next on failure, every failure logged and counted. */
import { Registry } from "prom-client";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { GatewayChain } from "../../lib/im/gateway-chain";
import { GatewayError, type ImGateway, type Invitation } from "../../lib/im/gateway";
import { createImMetrics } from "../../lib/im/im-metrics";

const invitation: Invitation = {
  worker: { id: "kw1", name: "Alex" },
  text: "hi",
  locale: "en",
  link: "http://x/extension?invitation=t",
  publicUrl: "http://x",
  offer: "o1",
  expiresAt: new Date(Date.now() + 10_000).toISOString(),
  interaction: { id: "i-1", media: "chat", from: "Pat", subject: "" },
};

/** A gateway that records what it was asked and fails when told to. */
function gateway(name: string, fails: boolean, calls: string[]): ImGateway {
  return {
    name,
    async send() {
      calls.push(name);
      if (fails) throw new GatewayError(name, `${name} is down`);
    },
  };
}

function setup(plan: Array<[string, boolean]>) {
  const calls: string[] = [];
  const logs: Array<Record<string, unknown>> = [];
  const logger = pino({ level: "info" }, { write: (line: string) => logs.push(JSON.parse(line)) });
  const registry = new Registry();
  const chain = new GatewayChain(plan.map(([n, f]) => gateway(n, f, calls)), logger, createImMetrics(registry));
  return { chain, calls, logs, registry };
}

describe("the gateway chain", () => {
  it("stops at the first gateway that delivers", async () => {
    const { chain, calls } = setup([["teams", false], ["console", false]]);
    expect(await chain.deliver(invitation)).toEqual({ delivered: true, gateway: "teams", failures: [] });
    expect(calls).toEqual(["teams"]);
  });

  it("tries the next when one fails, and logs and counts the failure", async () => {
    const { chain, calls, logs, registry } = setup([["xmpp", true], ["webhook", false], ["console", false]]);
    const outcome = await chain.deliver(invitation);
    expect(outcome).toEqual({ delivered: true, gateway: "webhook", failures: [{ gateway: "xmpp", reason: "xmpp is down" }] });
    expect(calls).toEqual(["xmpp", "webhook"]);
    expect(logs.find((l) => l.gateway === "xmpp")).toMatchObject({ level: 40, worker: "kw1", interaction: "i-1", reason: "xmpp is down" });
    const text = await registry.metrics();
    expect(text).toContain('ucc_im_gateway_attempts_total{gateway="xmpp",outcome="failed"} 1');
    expect(text).toContain('ucc_im_gateway_attempts_total{gateway="webhook",outcome="ok"} 1');
  });

  it("when every gateway fails, says each reason and never throws", async () => {
    const { chain, calls } = setup([["xmpp", true], ["teams", true]]);
    expect(await chain.deliver(invitation)).toEqual({
      delivered: false,
      failures: [
        { gateway: "xmpp", reason: "xmpp is down" },
        { gateway: "teams", reason: "teams is down" },
      ],
    });
    expect(calls).toEqual(["xmpp", "teams"]);
  });
});
