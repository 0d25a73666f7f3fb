/**
 * The Teams bot trusts an activity to register a worker's conversation (where invitations go)
 * only from a tenant teams-sso.tenants names, and only for the person a sign-in bound to that
 * worker (tid+oid). The Bot Connector the bot calls back (member lookup, replies) is a small
 * loopback server here that records what it is asked.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoConfigRaw, startConnector, type Connector } from "../support/harness";
import { CLIENT_ID, OTHER_TENANT, TENANT } from "../support/teams-tokens";

const ALEX_OID = "a1e00000-0000-4000-8000-00000000a1e0";
const MALLORY_OID = "3a110000-0000-4000-8000-0000000003a1";

let connectorApi: { url: string; calls: string[]; close(): Promise<void> };
let c: Connector;

beforeAll(async () => {
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    calls.push(`${req.method} ${req.url}`);
    req.resume();
    const member = /\/v3\/conversations\/[^/]+\/members\/([^/?]+)/.exec(req.url ?? "");
    const oid = member && decodeURIComponent(member[1]) === "29:mallory" ? MALLORY_OID : ALEX_OID;
    const body = member ? { id: decodeURIComponent(member[1]), name: "Alex", userPrincipalName: "alex.morgan@contoso.example", aadObjectId: oid } : { id: "reply-1" };
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  connectorApi = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    calls,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
  const raw = demoConfigRaw();
  raw["teams-sso"] = { "client-id": CLIENT_ID, tenants: [TENANT], "jwks-uri": "http://127.0.0.1:9/keys" };
  raw.workers[0].upn = "alex.morgan@contoso.example";
  raw.im = { gateways: [{ type: "teams", "allow-unauthenticated": true }] };
  c = await startConnector({ config: raw });
  // Alex signed in by Teams SSO once: kw1 is bound to Alex's object id.
  await c.app.deps.store.bindIdentity({ worker: "kw1", kind: "entra", subject: `${TENANT}/${ALEX_OID}`, boundAt: new Date().toISOString() });
});
afterAll(async () => {
  await c?.cleanup();
  await connectorApi?.close();
});

function message(tenant: string, from: { id: string; aadObjectId: string }, conversationId: string) {
  return {
    type: "message",
    id: `m-${Math.random().toString(36).slice(2)}`,
    channelId: "msteams",
    serviceUrl: connectorApi.url,
    timestamp: new Date().toISOString(),
    from: { ...from, name: "Alex" },
    recipient: { id: "28:bot", name: "UC Connector" },
    conversation: { id: conversationId, conversationType: "personal", tenantId: tenant },
    channelData: { tenant: { id: tenant } },
    text: "hello",
  };
}

async function send(activity: object) {
  const res = await c.request("/api/teams/messages", { method: "POST", body: activity });
  expect(res.status).toBeLessThan(300);
}

describe("the Teams bot registers a worker's conversation", () => {
  it("not from a tenant teams-sso does not name: it does not even look the sender up", async () => {
    await send(message(OTHER_TENANT, { id: "29:alex", aadObjectId: ALEX_OID }, "personal-other-tenant"));
    expect(connectorApi.calls).toEqual([]);
    expect(await c.app.deps.store.getTeamsConversation("kw1")).toBeUndefined();
  });

  it("not for another person who carries the bound worker's upn", async () => {
    await send(message(TENANT, { id: "29:mallory", aadObjectId: MALLORY_OID }, "personal-mallory"));
    expect(connectorApi.calls.some((call) => call.includes("/members/"))).toBe(true);
    expect(await c.app.deps.store.getTeamsConversation("kw1")).toBeUndefined();
  });

  it("for the bound person in a served tenant", async () => {
    await send(message(TENANT, { id: "29:alex", aadObjectId: ALEX_OID }, "personal-alex"));
    expect(await c.app.deps.store.getTeamsConversation("kw1")).toMatchObject({ conversationId: "personal-alex", tenantId: TENANT });
  });
});
