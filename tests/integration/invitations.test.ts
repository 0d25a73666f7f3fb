/**
 * IM invitations end to end on a real connector (B7, B8): an offer to a worker with no window
 * goes out as an invitation (console gateway) with a link whose Open signs the worker in once
 * (for that offer) and shows the Preview; refused links (forged, reused, expired, another worker's) say so and leak
 * nothing; a window open means no invitation; an invitation nobody opened counts as a Reject;
 * with every gateway failing the offer still moves on to the next worker.
 */
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { demoConfigRaw, startConnector, type Connector } from "../support/harness";
import { rawRequest } from "../support/http";
import { answer, chat, createOk, events, getInteraction, offersOf, setPresence, signIn, worker } from "../support/interactions";
import { waitFor } from "../support/wait";

let c: Connector | undefined;
const servers: http.Server[] = [];
const afterDone: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const done of afterDone.splice(0)) await done();
  await c?.cleanup();
  c = undefined;
  for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
});

async function start(extra: Record<string, unknown> = {}, routing: Record<string, unknown> = {}) {
  const lines: string[] = [];
  const raw = { ...demoConfigRaw(), routing, ...extra };
  c = await startConnector({ config: raw, consoleWrite: (line) => lines.push(line) });
  return { conn: c, lines };
}

/** The link of the console line for this worker, once it is printed. */
async function linkFor(lines: string[], workerId: string, after = 0): Promise<string> {
  const line = await waitFor(
    () => lines.slice(after).find((l) => l.startsWith(`ucc invitation: ${workerId} `)),
    (l) => l !== undefined,
    { what: `the invitation line for ${workerId}` },
  );
  return /(http:\/\/\S+)/.exec(line!)![1];
}

/** Presses the landing page's Open: a same-origin POST of the link. */
const pressOpen = (conn: Connector, link: string) =>
  rawRequest(link, { method: "POST", headers: { origin: conn.url, "content-type": "application/x-www-form-urlencoded" }, body: "" });

const cookieOf = (setCookie: string | string[] | undefined) =>
  ([] as string[]).concat(setCookie ?? []).map((c) => c.split(";")[0]).find((c) => c.startsWith("ucc_session="));

describe("an offer to a worker with no window open goes out as an invitation", () => {
  it("the console line names the worker and the whole link; the link signs in once and shows the Preview; Accept works", async () => {
    const { conn, lines } = await start();
    await setPresence(conn, "kw1", "available");
    const { id } = await createOk(conn, chat("Pat Doe", { subject: "Billing", worker: "kw1" }));

    const link = await linkFor(lines, "kw1");
    expect(lines.find((l) => l.includes(link))).toMatch(/^ucc invitation: kw1 \(Alex Morgan\), chat from Pat Doe: http:\/\/127\.0\.0\.1:\d+\/extension\?invitation=v1\.[\w-]+\.[\w-]+\n$/);
    const sent = await waitFor(() => events(conn), (l) => l.some((e) => e.type === "InvitationSent"), { what: "InvitationSent" });
    expect(sent.find((e) => e.type === "InvitationSent")).toMatchObject({ worker: "kw1", interaction: id, reasons: { gateway: "console" } });

    // A browser with no session: the page's Open signs it in (for this offer), sends it on to
    // /extension, and the token leaves no Referer (tests/integration/invitation-links.test.ts has the GET).
    const opened = await pressOpen(conn, link);
    expect(opened.status).toBe(303);
    expect(opened.headers.location).toBe("/extension");
    expect(opened.headers["referrer-policy"]).toBe("no-referrer");
    const cookie = cookieOf(opened.headers["set-cookie"])!;
    expect(cookie).toBeDefined();
    const [offer] = await offersOf(conn, cookie);
    expect(offer.interaction).toMatchObject({ id, from: "Pat Doe" });

    // Single use: the same link again is refused with a page, and says nothing of the offer.
    const again = await pressOpen(conn, link);
    expect(again.status).toBe(410);
    expect(again.headers["content-type"]).toMatch(/text\/html/);
    expect(again.text).toContain("This invitation was already opened");
    expect(again.text).not.toContain("Pat Doe");
    expect(again.headers["set-cookie"]).toBeUndefined();

    expect((await answer(conn, cookie, "accept", offer)).status).toBe(200);
    expect(await getInteraction(conn, id)).toMatchObject({ state: "active", worker: "kw1" });
  });

  it("a link opened in a browser already signed in as that worker keeps its session; another worker's session is refused", async () => {
    const { conn, lines } = await start();
    await setPresence(conn, "kw1", "available");
    await createOk(conn, chat("Kim", { worker: "kw1" }));
    const link = await linkFor(lines, "kw1");

    const kw2 = await signIn(conn, "kw2");
    const refused = await rawRequest(link, { headers: { cookie: kw2 } });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain("This invitation is for someone else");
    expect(refused.text).not.toContain("Kim");

    // Refused for kw2, the link still works for kw1.
    const kw1 = await signIn(conn, "kw1");
    const opened = await rawRequest(link, { headers: { cookie: kw1 } });
    expect(opened.status).toBe(303);
    expect(opened.headers["set-cookie"]).toBeUndefined();
  });

  it("a forged or changed token gets the not-valid page; the Next page is not involved", async () => {
    const { conn, lines } = await start();
    await setPresence(conn, "kw1", "available");
    await createOk(conn, chat("Lee", { worker: "kw1" }));
    const link = await linkFor(lines, "kw1");
    const token = new URL(link).searchParams.get("invitation")!;
    const [v, payload, mac] = token.split(".");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const otherWorker = Buffer.from(JSON.stringify({ ...claims, w: "kw2" })).toString("base64url");
    for (const forged of [`${v}.${otherWorker}.${mac}`, `${token}x`, "v1.e30.AAAA", "", "x".repeat(2000)]) {
      const res = await conn.request(`/extension?invitation=${encodeURIComponent(forged)}`);
      expect(res.status, forged.slice(0, 40)).toBe(400);
      expect(res.text).toContain("This invitation link is not valid");
      expect(res.text).toContain('href="/extension"');
      expect(res.text).not.toContain("Lee");
    }
  });

  it("no invitation while a window is open (B8): the offer is a Preview there", async () => {
    const { conn, lines } = await start();
    const cookie = await signIn(conn, "kw1");
    const window = await conn.bayeux({ cookie });
    await window.subscribe("/kw/kw1/offers");
    await setPresence(conn, "kw1", "available");
    const { id } = await createOk(conn, chat("Sam", { worker: "kw1" }));
    await window.waitForMessage("/kw/kw1/offers", (m) => m.type === "offer" && m.offer.interaction.id === id);
    await conn.app.deps.interactions.settled();
    // An invitation wrongly sent goes out off the step runner: wait for it to have been written.
    await conn.app.deps.invitations.settled();
    await conn.app.deps.interactions.settled();
    expect(lines).toEqual([]);
    expect((await events(conn)).map((e) => e.type)).not.toContain("InvitationSent");
  });
});

describe("an invitation not accepted in time", () => {
  it("counts as a Reject (B7): InteractionRejected, the presence is kept, the next worker is offered it, and the link has expired", { timeout: 40_000 }, async () => {
    const { conn, lines } = await start({}, { "preview-timeout": 5 });
    await setPresence(conn, "kw1", "available");
    const { id } = await createOk(conn, chat("Robin"));
    // kw1 was the only one Ready, so the invitation is kw1's; kw2 comes later.
    const link = await linkFor(lines, "kw1");
    await setPresence(conn, "kw2", "available");
    await waitFor(() => getInteraction(conn, id), (i) => i.worker === "kw2", { timeoutMs: 20_000, what: "the chat to move on to kw2" });

    const all = await events(conn);
    expect(all.find((e) => e.type === "InteractionRejected" && e.interaction === id)).toMatchObject({ worker: "kw1", reasons: { invitation: "not-accepted" } });
    expect(all.map((e) => e.type)).not.toContain("InteractionTimedOut");
    expect((await worker(conn, "kw1")).presence).toBe("available");
    const late = await rawRequest(link);
    expect(late.status).toBe(410);
    expect(late.text).toContain("This invitation has expired");
    expect(late.text).not.toContain("Robin");
  });
});

describe("an invitation out when the connector restarts", () => {
  it("still counts as a Reject when nobody opens it: which offers went out as invitations is kept", async () => {
    const { conn, lines } = await start({}, { "preview-timeout": 6 });
    await setPresence(conn, "kw1", "available");
    const { id } = await createOk(conn, chat("Sam"));
    await linkFor(lines, "kw1");
    await waitFor(() => events(conn), (l) => l.some((e) => e.type === "InvitationSent" && e.interaction === id), { what: "InvitationSent" });

    const again = await conn.restart();
    c = again;
    expect(await getInteraction(again, id)).toMatchObject({ state: "offered", worker: "kw1" });
    await setPresence(again, "kw2", "available");
    await waitFor(() => getInteraction(again, id), (i) => i.worker === "kw2", { timeoutMs: 12_000, what: "the chat to move on to kw2" });

    const all = await events(again);
    expect(all.find((e) => e.type === "InteractionRejected" && e.interaction === id)).toMatchObject({ worker: "kw1", reasons: { invitation: "not-accepted" } });
    expect(all.filter((e) => e.interaction === id).map((e) => e.type)).not.toContain("InteractionTimedOut");
    expect((await worker(again, "kw1")).presence).toBe("available");
  });

  it("is a missed Preview once a window of the worker has shown it, restart or not", async () => {
    const { conn, lines } = await start({}, { "preview-timeout": 6, "presence-after-timeout": "away" });
    await setPresence(conn, "kw1", "available");
    const { id } = await createOk(conn, chat("Sam"));
    await linkFor(lines, "kw1");
    const cookie = await signIn(conn, "kw1");
    const window = await conn.bayeux({ cookie });
    await window.subscribe("/kw/kw1/offers");

    const again = await conn.restart();
    c = again;
    await waitFor(() => getInteraction(again, id), (i) => i.state === "queued", { timeoutMs: 12_000, what: "the offer to run out" });
    const all = await events(again);
    expect(all.find((e) => e.type === "InteractionTimedOut" && e.interaction === id)).toMatchObject({ worker: "kw1" });
    expect(all.filter((e) => e.type === "InteractionRejected" && e.interaction === id)).toEqual([]);
    expect((await worker(again, "kw1")).presence).toBe("away");
  });
});

describe("gateways that fail", () => {
  it("a webhook answering 500 and an XMPP server that is down: each is tried, InvitationFailed says why, and the offer still moves on", { timeout: 60_000 }, async () => {
    let webhookHits = 0;
    const server = http.createServer((req, res) => {
      webhookHits++;
      req.resume();
      res.writeHead(500).end();
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    // An "XMPP server" that hangs up on every connection: down, on a port no one else can take.
    const dead = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => dead.listen(0, "127.0.0.1", resolve));
    const deadPort = (dead.address() as AddressInfo).port;
    afterDone.push(() => new Promise((resolve) => dead.close(() => resolve(undefined))));

    const raw = demoConfigRaw();
    raw.workers[0].jid = "kw1@localhost";
    const { conn } = await start(
      {
        workers: raw.workers,
        im: {
          gateways: [
            { type: "webhook", url: `http://127.0.0.1:${port}/invite`, secret: "a-webhook-secret-0123456789", retries: 1 },
            { type: "xmpp", service: `xmpp://127.0.0.1:${deadPort}`, domain: "localhost", username: "ucc", password: "pw", "timeout-ms": 2000 },
          ],
        },
      },
      { "preview-timeout": 5 },
    );
    await setPresence(conn, "kw1", "available");
    const { id } = await createOk(conn, chat("Ari"));
    const failed = await waitFor(() => events(conn), (l) => l.some((e) => e.type === "InvitationFailed"), { timeoutMs: 20_000, what: "InvitationFailed" });
    const ev = failed.find((e) => e.type === "InvitationFailed")!;
    expect(ev).toMatchObject({ worker: "kw1", interaction: id, reasons: { gateways: "webhook,xmpp" } });
    expect(ev.reasons!.reason).toMatch(/webhook: 2 attempts failed \(last: HTTP 500\); xmpp: cannot reach/);
    expect(webhookHits).toBe(2);

    await setPresence(conn, "kw2", "available");
    await waitFor(() => getInteraction(conn, id), (i) => i.worker === "kw2", { timeoutMs: 20_000, what: "the chat to move on to kw2" });
    const metrics = (await conn.request("/metrics")).text;
    expect(metrics).toMatch(/ucc_im_gateway_attempts_total\{gateway="webhook",outcome="failed"\} [1-9]/);
    expect(metrics).toMatch(/ucc_im_gateway_attempts_total\{gateway="xmpp",outcome="failed"\} [1-9]/);
    expect(metrics).toMatch(/ucc_invitations_total\{outcome="failed"\} [1-9]/);
  });
});

describe("the teams gateway when the app is not installed for the worker", () => {
  it("fails for that worker (logged and counted) and the next gateway delivers", async () => {
    const raw = demoConfigRaw();
    raw.workers[0].upn = "alex@example.com";
    const { conn, lines } = await start({ workers: raw.workers, im: { gateways: [{ type: "teams", "allow-unauthenticated": true }, { type: "console" }] } });
    await setPresence(conn, "kw1", "available");
    const { id } = await createOk(conn, chat("Noor", { worker: "kw1" }));
    await linkFor(lines, "kw1");
    const sent = await waitFor(() => events(conn), (l) => l.some((e) => e.type === "InvitationSent"), { what: "InvitationSent" });
    expect(sent.find((e) => e.type === "InvitationSent")).toMatchObject({ interaction: id, reasons: { gateway: "console" } });
    expect((await conn.request("/metrics")).text).toMatch(/ucc_im_gateway_attempts_total\{gateway="teams",outcome="failed"\} 1/);
  });

  it("without a teams gateway there is no bot endpoint", async () => {
    const { conn } = await start();
    const res = await conn.request("/api/teams/messages", { method: "POST", body: { type: "message" } });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("not_found");
  });
});
