/**
 * The Desktop phone panel and calls on the desktop phone (B11) in a real browser: the worker gets
 * a pairing code (shown once, with the command line), a companion pairs with it and connects, the
 * panel says so without a reload and the spent code goes away (as one that expires does); a call's Preview says it rings on the desktop phone, Accept and
 * Hold are carried out by the companion and the window says the call is on the desktop phone;
 * held and resumed at the softphone itself, the window follows; Mute reaches the companion;
 * Unpair disconnects it. The companion here speaks the protocol from the test (the real companion
 * is tested with baresip on its own). Screenshots at 1280 and 320 px.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { companionChannels, type CompanionDown } from "../../lib/companion/protocol";
import { BayeuxClient, handshake, newCometD } from "../support/bayeux";
import { Contexts, acceptPreview, InteractionRegion } from "./pages/interaction";
import { preview } from "./pages/preview";
import { expect, test } from "./support/fixtures";
import { docsShots } from "./support/screenshots";

const DOCS = docsShots("screenshots");
const SIZES = [
  { name: "1280", viewport: { width: 1280, height: 900 } },
  { name: "320", viewport: { width: 320, height: 900 } },
] as const;
const NEXT_STATE: Record<string, string | undefined> = { answer: "established", hold: "held", resume: "established", hangup: "closed" };

let contexts: Contexts;
const companions: BayeuxClient[] = [];
/** The commands the test's companion was sent, in order. */
const commands: Array<Extract<CompanionDown, { type: "command" }>> = [];
test.beforeAll(() => mkdirSync(DOCS, { recursive: true }));
test.beforeEach(({ browser }) => {
  contexts = new Contexts(browser);
});
test.afterEach(async () => {
  for (const c of companions.splice(0)) await c.disconnect(2_000);
  await contexts.close();
});

/** Exchanges the code the page showed for kw1's companion credential. */
async function pair(url: string, code: string): Promise<string> {
  const res = await fetch(`${url}/api/companion/pair`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ worker: "kw1", code }) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { credential: string }).credential;
}

/** Connects as kw1's companion, whose softphone is ready and obeys every command. */
async function connectCompanion(url: string, credential: string): Promise<BayeuxClient> {
  const cometd = newCometD(url);
  cometd.registerExtension("ucc-companion", {
    outgoing(message) {
      if (message.channel === "/meta/handshake") message.ext = { ...(message.ext ?? {}), companion: { worker: "kw1", credential } };
      return message;
    },
  });
  await handshake(cometd);
  const client = new BayeuxClient(cometd);
  companions.push(client);
  const up = companionChannels.up("kw1");
  await client.subscribe(companionChannels.down("kw1"), (m: CompanionDown) => {
    if (m.type !== "command") return;
    commands.push(m);
    void client.publish(up, { type: "result", commandId: m.commandId, ok: true });
    const state = NEXT_STATE[m.command.kind];
    if (state) void client.publish(up, { type: "call", callId: m.callId, state, at: new Date().toISOString() });
  });
  await client.publish(up, { type: "softphone", state: "ready" });
  return client;
}

for (const size of SIZES) {
  test(`pair a desktop phone, take a call on it, unpair, ${size.name} px`, async ({ connector }) => {
    const kw1 = await contexts.worker(connector, "kw1", size.viewport);
    const page = kw1.page;
    const panel = page.getByRole("region", { name: "Desktop phone" });
    await expect(panel.getByRole("status")).toHaveText("Desktop phone: not paired");

    await panel.getByRole("button", { name: "Get a pairing code" }).click();
    const shown = panel.getByText(/^Pairing code \(shown once\): /);
    await expect(shown).toBeVisible();
    const code = /: ([A-Z2-9]{5}-[A-Z2-9]{5})$/.exec((await shown.textContent()) ?? "")![1];
    await expect(panel.locator("code")).toHaveText(`npm run companion -- --url ${connector.url} --worker kw1 --softphone baresip://127.0.0.1:4444 --pairing-code ${code}`);
    await expect(panel).toContainText("for one use");

    const credential = await pair(connector.url, code);
    await expect(panel.getByRole("status").first()).toHaveText("Desktop phone: paired, not connected");
    await expect(panel.getByRole("status").nth(1)).toHaveText("Pairing code used: your desktop companion is paired.");
    await expect(shown).toHaveCount(0);
    await expect(panel.locator("code")).toHaveCount(0);
    await page.screenshot({ path: path.join(DOCS, `desktop-phone-code-used-${size.name}.png`), fullPage: true });
    const companion = await connectCompanion(connector.url, credential);
    await expect(panel.getByRole("status").first()).toHaveText("Desktop phone: connected");
    await expect(panel).toContainText("Softphone ready");
    expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(size.viewport.width);
    await page.screenshot({ path: path.join(DOCS, `desktop-phone-${size.name}.png`), fullPage: true });

    const created = await connector.api<{ id: string }>("POST", "/api/v1/interactions", { media: "voice", from: "sip:robin@127.0.0.1", subject: "Phone support", worker: "kw1" });
    const dialog = preview(page, "call");
    await expect(dialog).toContainText("Rings on your desktop phone");
    await companion.publish(companionChannels.up("kw1"), { type: "call", callId: "c-1", state: "ringing", peer: "sip:robin@127.0.0.1", at: new Date().toISOString() });
    await expect.poll(async () => (await connector.api<Array<{ type: string; interaction?: string }>>("GET", "/api/v1/events?after=0")).some((e) => e.type === "CallMatched" && e.interaction === created.id)).toBe(true);
    await acceptPreview(page, "call");
    const call = new InteractionRegion(page, "sip:robin@127.0.0.1");
    await expect(call.region).toContainText("On your desktop phone");
    await expect(call.region).not.toContainText("carries no audio");
    await call.button("Hold").click();
    await expect(call.button("Retrieve")).toBeEnabled();
    await page.screenshot({ path: path.join(DOCS, `desktop-phone-call-${size.name}.png`), fullPage: true });
    // Resumed, then held again, at the softphone itself: the window follows.
    const softphoneSays = (state: string) => companion.publish(companionChannels.up("kw1"), { type: "call", callId: "c-1", state, at: new Date().toISOString() });
    await softphoneSays("established");
    await expect(call.button("Hold")).toBeEnabled();
    await expect(call.region).not.toContainText("On hold");
    await softphoneSays("held");
    await expect(call.button("Retrieve")).toBeEnabled();
    await expect(call.region).toContainText("On hold");
    // Mute silences the desktop phone's microphone: the companion is told.
    await call.button("Mute").click();
    await expect(call.button("Unmute")).toBeEnabled();
    expect(commands.at(-1)).toMatchObject({ callId: "c-1", command: { kind: "mute" } });
    await call.button("Hang up").click();

    await panel.getByRole("button", { name: "Unpair" }).click();
    await expect(panel.getByRole("status").first()).toHaveText("Desktop phone: not paired");
    await expect(panel).toContainText("Unpaired: the desktop companion is disconnected.");
  });
}

for (const size of SIZES) {
  test(`a pairing code not used goes away when it expires, ${size.name} px`, async ({ connector }) => {
    const kw1 = await contexts.worker(connector, "kw1", size.viewport);
    const page = kw1.page;
    await page.clock.install();
    const panel = page.getByRole("region", { name: "Desktop phone" });
    await panel.getByRole("button", { name: "Get a pairing code" }).click();
    const shown = panel.getByText(/^Pairing code \(shown once\): /);
    await expect(shown).toBeVisible();
    // NOTE: the code lives 10 minutes; the page's clock jumps past that rather than the test waiting.
    await page.clock.fastForward("10:01");
    await expect(shown).toHaveCount(0);
    await expect(panel.locator("code")).toHaveCount(0);
    await expect(panel.getByRole("status").nth(1)).toHaveText("The pairing code expired unused. Get a new one to pair.");
    await page.screenshot({ path: path.join(DOCS, `desktop-phone-code-expired-${size.name}.png`), fullPage: true });
  });
}
