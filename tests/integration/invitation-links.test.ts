/**
 * Invitation links that a link scanner may fetch first (issue 15): a GET (redirects followed or
 * not) spends nothing and signs nobody in, it shows what the link is for and Open; Open's POST
 * (same origin only) uses the token once and signs the browser in for that offer and the
 * interaction that follows; that scoped session reaches nothing else and ends with the interaction.
 */
import Database from "better-sqlite3";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { demoConfigRaw, startConnector, type Connector } from "../support/harness";
import { HandshakeRefused } from "../support/bayeux";
import { rawRequest } from "../support/http";
import { answer, chat, createOk, events, getInteraction, kw, offersOf, setPresence, signIn, worker } from "../support/interactions";
import { waitFor } from "../support/wait";

let c: Connector | undefined;
afterEach(async () => {
  await c?.cleanup();
  c = undefined;
});

async function start(routing: Record<string, unknown> = {}) {
  const lines: string[] = [];
  c = await startConnector({ config: { ...demoConfigRaw(), routing }, consoleWrite: (line) => lines.push(line) });
  return { conn: c, lines };
}

async function linkFor(lines: string[], workerId: string, after = 0): Promise<string> {
  const line = await waitFor(() => lines.slice(after).find((l) => l.startsWith(`ucc invitation: ${workerId} `)), (l) => l !== undefined, {
    what: `the invitation line for ${workerId}`,
  });
  return /(http:\/\/\S+)/.exec(line!)![1];
}

const cookieOf = (setCookie: string | string[] | undefined) =>
  ([] as string[]).concat(setCookie ?? []).map((v) => v.split(";")[0]).find((v) => v.startsWith("ucc_session="));

/** Presses Open: the landing page's form posts to the link itself, from the connector's origin. */
function pressOpen(conn: Connector, link: string, headers: Record<string, string> = {}) {
  return rawRequest(link, {
    method: "POST",
    headers: { origin: conn.url, "sec-fetch-site": "same-origin", "content-type": "application/x-www-form-urlencoded", ...headers },
    body: "",
  });
}

/** An offer to kw1 that went out as an invitation; its link and the interaction. */
async function invited(routing: Record<string, unknown> = {}, from = "Pat Doe") {
  const { conn, lines } = await start(routing);
  await setPresence(conn, "kw1", "available");
  const { id } = await createOk(conn, chat(from, { subject: "Billing", worker: "kw1" }));
  return { conn, lines, id, link: await linkFor(lines, "kw1") };
}

/** Opens the link as a person would; the scoped session's cookie. */
async function opened(conn: Connector, link: string): Promise<string> {
  const res = await pressOpen(conn, link);
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe("/extension");
  return cookieOf(res.headers["set-cookie"])!;
}

describe("GET of an invitation link", () => {
  it("spends nothing and signs nobody in, redirects followed or not; it shows media, from, for whom, time left and Open", async () => {
    const { conn, link } = await invited();
    const raw = await rawRequest(link, { headers: { "accept-language": "en" } });
    expect(raw.status).toBe(200);
    expect(raw.headers["set-cookie"]).toBeUndefined();
    expect(raw.headers["cache-control"]).toBe("no-store");
    expect(raw.headers["referrer-policy"]).toBe("no-referrer");
    expect(raw.headers["content-security-policy"]).toMatch(/default-src 'none'/);
    expect(raw.headers["content-security-policy"]).toMatch(/form-action 'self'/);
    expect(raw.text).toContain("<h1>Incoming chat</h1>");
    expect(raw.text).toContain("Pat Doe");
    expect(raw.text).toContain("Alex Morgan");
    expect(raw.text).toMatch(/<time datetime="\d{4}-\d\d-\d\dT[\d:.]+Z">\d+ seconds<\/time>/);
    expect(raw.text).toMatch(/<form method="post">\s*<button type="submit">Open<\/button>/);
    expect(raw.text).toContain("this interaction only");
    expect(raw.text).not.toMatch(/<script/i);

    for (const redirect of ["follow", "manual"] as const) {
      const fetched = await fetch(link, { redirect });
      expect(fetched.status, redirect).toBe(200);
      expect(fetched.headers.get("set-cookie"), redirect).toBeNull();
    }
    // In the browser's language.
    const fr = await rawRequest(link, { headers: { "accept-language": "fr-FR,fr;q=0.9" } });
    expect(fr.text).toContain('<html lang="fr">');
    expect(fr.text).toContain(">Ouvrir</button>");

    // None of those spent it: Open still signs in, once.
    const cookie = await opened(conn, link);
    expect(cookie).toBeDefined();
    const second = await pressOpen(conn, link);
    expect(second.status).toBe(410);
    expect(second.text).toContain("This invitation was already opened");
    expect(second.headers["set-cookie"]).toBeUndefined();
    const afterwards = await rawRequest(link);
    expect(afterwards.status).toBe(410);
    expect(afterwards.text).not.toContain("Pat Doe");
  });

  it("a browser with a full session of that worker goes straight to the Preview and leaves the token unspent", async () => {
    const { conn, link } = await invited();
    const full = await signIn(conn, "kw1");
    const res = await rawRequest(link, { headers: { cookie: full } });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe("/extension");
    expect(res.headers["set-cookie"]).toBeUndefined();
    expect((await pressOpen(conn, link)).status).toBe(303);
  });

  it("another worker's session keeps the other-worker refusal, on GET and on Open", async () => {
    const { conn, link } = await invited();
    const kw2 = await signIn(conn, "kw2");
    for (const res of [await rawRequest(link, { headers: { cookie: kw2 } }), await pressOpen(conn, link, { cookie: kw2 })]) {
      expect(res.status).toBe(403);
      expect(res.text).toContain("This invitation is for someone else");
    }
  });
});

describe("Open (POST of the link)", () => {
  it("is refused from another origin or a cross-site request, and the token stays good", async () => {
    const { conn, link } = await invited();
    const foreign = await pressOpen(conn, link, { origin: "http://evil.example" });
    expect(foreign.status).toBe(403);
    expect(foreign.headers["set-cookie"]).toBeUndefined();
    const crossSite = await rawRequest(link, { method: "POST", headers: { "sec-fetch-site": "cross-site" }, body: "" });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers["set-cookie"]).toBeUndefined();
    expect((await pressOpen(conn, link)).status).toBe(303);
  });
});

describe("the session an invitation link opens", () => {
  it("reaches its offer and interaction only: 403 for presence, language, other interactions and other offers", async () => {
    const { conn, lines, id, link } = await invited();
    // kw1 also holds another chat, accepted in a full session.
    const full = await signIn(conn, "kw1");
    const before = lines.length;
    const other = await createOk(conn, chat("Other Person", { worker: "kw1" }));
    const otherLink = await linkFor(lines, "kw1", before);
    const cookie = await opened(conn, link);

    const me = await rawRequest(`${conn.url}/api/kw/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ id: "kw1", scopes: [{ interaction: id }] });
    const offers = await offersOf(conn, cookie);
    expect(offers.map((o) => o.interaction.id)).toEqual([id]);

    const presence = await rawRequest(`${conn.url}/api/kw/presence`, { method: "PUT", headers: { cookie }, body: { presence: "busy" } });
    expect(presence.status).toBe(403);
    const language = await rawRequest(`${conn.url}/api/kw/language`, { method: "PUT", headers: { cookie }, body: { language: "fr" } });
    expect(language.status).toBe(403);
    const [otherOffer] = (await offersOf(conn, full)).filter((o) => o.interaction.id === other.id);
    expect((await answer(conn, cookie, "accept", otherOffer)).status).toBe(403);
    expect((await answer(conn, full, "accept", otherOffer)).status).toBe(200);
    expect((await kw(conn, cookie, "messages", other.id, { id: "m-other-1", text: "hi" })).status).toBe(403);
    expect((await kw(conn, cookie, "end", other.id)).status).toBe(403);
    expect((await rawRequest(`${conn.url}/api/kw/interactions/${other.id}/transfer-targets`, { headers: { cookie } })).status).toBe(403);
    expect(otherLink).toBeDefined();

    // Its own: Accept, write, and the list shows it alone.
    const [own] = offers;
    expect((await answer(conn, cookie, "accept", own)).status).toBe(200);
    expect((await kw(conn, cookie, "messages", id, { id: "m-own-001", text: "Hello" })).status).toBe(201);
    expect((await rawRequest(`${conn.url}/api/kw/interactions/${id}/transfer-targets`, { headers: { cookie } })).status).toBe(200);
    const held = await rawRequest(`${conn.url}/api/kw/interactions`, { headers: { cookie } });
    expect(held.json.map((i: { id: string }) => i.id)).toEqual([id]);
    // Its sign-out ends itself only: the full session stays.
    expect((await rawRequest(`${conn.url}/signout`, { method: "POST", headers: { cookie, origin: conn.url } })).status).toBe(200);
    expect((await rawRequest(`${conn.url}/api/kw/me`, { headers: { cookie: full } })).status).toBe(200);
  });

  it("its Bayeux window sees its interaction's channel only, is no open window, and redeeming marks the invitation seen", async () => {
    const { conn, id, link } = await invited({ "preview-timeout": 6, "presence-after-timeout": "away" });
    const cookie = await opened(conn, link);
    const window = await conn.bayeux({ cookie });
    for (const channel of ["/kw/kw1/offers", "/kw/kw1/presence", "/kw/kw1/interactions", "/kw/kw1/scoped/someone-else", "/kw/kw2/scoped/" + id]) {
      expect((await window.subscribe(channel)).successful, channel).toBe(false);
    }
    expect((await window.subscribe(`/kw/kw1/scoped/${id}`)).successful).toBe(true);
    expect((await worker(conn, "kw1")).windows).toBe(0);

    // Ignored, the Preview that was shown is a missed Preview (not an unopened invitation's Reject).
    await waitFor(() => getInteraction(conn, id), (i) => i.state !== "offered", { timeoutMs: 15_000, what: "the offer to run out" });
    const closed = await window.waitForMessage(`/kw/kw1/scoped/${id}`, (m) => m.type === "offer-closed");
    expect(closed).toMatchObject({ interactionId: id, outcome: "timed-out" });
    const all = await events(conn);
    expect(all.find((e) => e.type === "InteractionTimedOut" && e.interaction === id)).toMatchObject({ worker: "kw1" });
    expect(all.filter((e) => e.type === "InteractionRejected" && e.interaction === id)).toEqual([]);
    expect((await worker(conn, "kw1")).presence).toBe("away");
    // The offer ended without an Accept: so did the session.
    expect((await rawRequest(`${conn.url}/api/kw/me`, { headers: { cookie } })).status).toBe(401);
  });

  it("ends when its interaction is done: the cookie no longer resolves and its Bayeux session is dropped", async () => {
    const { conn, id, link } = await invited();
    const cookie = await opened(conn, link);
    const window = await conn.bayeux({ cookie });
    expect((await window.subscribe(`/kw/kw1/scoped/${id}`)).successful).toBe(true);
    // NOTE: a window with nothing to receive holds its /meta/connect for the whole long poll
    // (15 s): only the connector dropping its session ends it sooner.
    const idle = await conn.bayeux({ cookie });
    const [offer] = await offersOf(conn, cookie);
    expect((await answer(conn, cookie, "accept", offer)).status).toBe(200);
    await window.waitForMessage(`/kw/kw1/scoped/${id}`, (m) => m.type === "interaction" && m.interaction.state === "active");
    expect((await conn.api("POST", `/api/v1/interactions/${id}/end`)).status).toBe(200);
    expect((await rawRequest(`${conn.url}/api/kw/me`, { headers: { cookie } })).status).toBe(200);
    expect((await kw(conn, cookie, "done", id)).status).toBe(200);

    expect((await rawRequest(`${conn.url}/api/kw/me`, { headers: { cookie } })).status).toBe(401);
    await waitFor(() => window.cometd.isDisconnected(), (gone) => gone, { what: "the scoped Bayeux session to be dropped" });
    await waitFor(() => idle.cometd.isDisconnected(), (gone) => gone, { timeoutMs: 8_000, what: "the idle scoped Bayeux session to be dropped" });
    await expect(conn.bayeux({ cookie })).rejects.toBeInstanceOf(HandshakeRefused);
  });

  it("a second link opened in the same browser adds its interaction: the first stays reachable, and the session ends with the last", async () => {
    const { conn, lines, id, link } = await invited();
    const cookie = await opened(conn, link);
    const [first] = await offersOf(conn, cookie);
    expect((await answer(conn, cookie, "accept", first)).status).toBe(200);
    const before = lines.length;
    const second = await createOk(conn, chat("Kim Next", { worker: "kw1" }));
    const secondLink = await linkFor(lines, "kw1", before);

    // The GET still spends nothing; Open keeps the browser's cookie and adds the second chat.
    expect((await rawRequest(secondLink, { headers: { cookie } })).status).toBe(200);
    const res = await pressOpen(conn, secondLink, { cookie });
    expect(res.status).toBe(303);
    expect(res.headers["set-cookie"]).toBeUndefined();
    const me = await rawRequest(`${conn.url}/api/kw/me`, { headers: { cookie } });
    expect(me.json.scopes.map((s: { interaction: string }) => s.interaction)).toEqual([id, second.id]);
    expect((await kw(conn, cookie, "messages", id, { id: "m-first-01", text: "still here" })).status).toBe(201);
    const [offer] = await offersOf(conn, cookie);
    expect(offer.interaction.id).toBe(second.id);
    expect((await answer(conn, cookie, "accept", offer)).status).toBe(200);

    // The first one done: the session goes on for the second; the second done: it ends.
    expect((await conn.api("POST", `/api/v1/interactions/${id}/end`)).status).toBe(200);
    expect((await kw(conn, cookie, "done", id)).status).toBe(200);
    expect((await rawRequest(`${conn.url}/api/kw/me`, { headers: { cookie } })).status).toBe(200);
    expect((await conn.api("POST", `/api/v1/interactions/${second.id}/end`)).status).toBe(200);
    expect((await kw(conn, cookie, "done", second.id)).status).toBe(200);
    expect((await rawRequest(`${conn.url}/api/kw/me`, { headers: { cookie } })).status).toBe(401);
  });

  it("ends when its offer is rejected", async () => {
    const { conn, link } = await invited();
    const cookie = await opened(conn, link);
    const [offer] = await offersOf(conn, cookie);
    expect((await answer(conn, cookie, "reject", offer)).status).toBe(200);
    expect((await rawRequest(`${conn.url}/api/kw/me`, { headers: { cookie } })).status).toBe(401);
  });
});

describe("used invitation tokens", () => {
  it("are kept until they expire and forgotten at the next start once expired", async () => {
    const { conn, link } = await invited();
    await opened(conn, link);
    const file = path.join(conn.dataDir, "connector.sqlite");
    await conn.close();
    const db = new Database(file);
    const rows = db.prepare("SELECT id, expires_at FROM invitations_used").all() as Array<{ id: string; expires_at: string }>;
    expect(rows).toHaveLength(1);
    expect(Date.parse(rows[0].expires_at)).toBeGreaterThan(Date.now() - 60_000);
    db.prepare("UPDATE invitations_used SET expires_at = ?").run(new Date(Date.now() - 1000).toISOString());
    db.close();

    c = await conn.restart();
    // NOTE: another connection sees the purge once the turn that made it has committed it.
    const after = new Database(file, { readonly: true });
    await vi.waitFor(() => expect(after.prepare("SELECT COUNT(*) AS n FROM invitations_used").get()).toEqual({ n: 0 }));
    after.close();
  });
});
