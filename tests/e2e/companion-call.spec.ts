/**
 * A real call end to end through the desktop companion (B11), with audio: the customer's phone
 * (baresip, recording what it hears) calls the worker's softphone (baresip playing a tone, driven
 * by the companion process); the integration API creates the voice interaction with the
 * customer's SIP URI; the companion reports the ringing call and the connector matches them; the
 * worker presses Accept in the web client and the softphone answers, so the customer hears the
 * worker's tone (sox measures the recording). Mute silences the worker there and Unmute brings
 * the tone back (the same recording, measured between the sizes it had). Hold silences it and
 * Retrieve brings it back (RTP counters: baresip 1.0's recording stops at the first hold), Keypad
 * sends DTMF the customer's phone reports, a hold and resume typed on the softphone's own menu show
 * in the window, Hang up releases both phones and ends the interaction.
 */
import os from "node:os";
import path from "node:path";
import { latestReceivedWav, recordedMore, rmsBetween, rmsOf, type BaresipDriver } from "../support/baresip";
import { waitFor } from "../support/wait";
import { openDesk, type CompanionDesk } from "./support/companion-desk";
import { Contexts, acceptPreview, expectApi, InteractionRegion } from "./pages/interaction";
import { preview } from "./pages/preview";
import { expect, test } from "./support/fixtures";

/** A 440 Hz tone through PCMU measures ~0.3 RMS; silence ~0.0001. */
const AUDIBLE_RMS = 0.05;
const SILENT_RMS = 0.001;
/** Recorded audio left out after a mute or unmute is done: baresip takes ~0.1 s to apply it. */
const SETTLE_SECONDS = 0.25;

let contexts: Contexts;
let desk: CompanionDesk | undefined;
test.beforeEach(({ browser }) => {
  contexts = new Contexts(browser);
});
test.afterEach(async () => {
  await desk?.close();
  desk = undefined;
  await contexts.close();
});

/** Waits until the customer's phone has received `count` more RTP packets; returns the new total. */
async function moreRtp(customer: BaresipDriver, count: number): Promise<number> {
  const start = await customer.rtpReceived();
  return waitFor(() => customer.rtpReceived(), (n) => n >= start + count, { what: `${count} more RTP packets at the customer's phone` });
}

/** Waits until two readings of the RTP counter a few polls apart are equal: nothing arrives any more. */
async function rtpStopped(customer: BaresipDriver): Promise<number> {
  let previous = -1;
  const stopped = await waitFor(
    async () => {
      const now = await customer.rtpReceived();
      const same = now === previous;
      previous = now;
      return same ? now : undefined;
    },
    (n) => n !== undefined,
    { what: "RTP to stop at the customer's phone", intervalMs: 300 },
  );
  return stopped!;
}

test("a real call through the desktop companion: accept, audio, mute, unmute, hold, retrieve, keypad, held at the softphone, hang up", async ({ connector }) => {
  test.setTimeout(90_000);
  const kw1 = await contexts.worker(connector, "kw1");
  desk = await openDesk(connector, "kw1", path.join(os.tmpdir(), `ucc-companion-call-${process.pid}.json`));
  const customer = desk.customer.driver!;
  const panel = kw1.page.getByRole("region", { name: "Desktop phone" });
  await expect(panel.getByRole("status")).toHaveText("Desktop phone: connected");

  await customer.dial(desk.softphone.sipUri);
  await desk.companion.line(/call: ringing sip:customer@/);
  const { id } = await connector.api<{ id: string }>("POST", "/api/v1/interactions", { media: "voice", from: desk.customer.sipUri, subject: "Phone support", worker: "kw1" });
  await expect.poll(async () => (await connector.events()).some((e) => e.type === "CallMatched" && e.interaction === id)).toBe(true);

  await expect(preview(kw1.page, "call")).toContainText("Rings on your desktop phone");
  await acceptPreview(kw1.page, "call");
  const call = new InteractionRegion(kw1.page, desk.customer.sipUri);
  await expect(call.region).toContainText("On your desktop phone");
  await customer.event("CALL_ESTABLISHED");
  await expectApi(connector, id, { state: "active", call: { state: "established", muted: false } });

  // The customer hears the worker's tone.
  await moreRtp(customer, 50);
  const talking = await recordedMore(desk.customer, 0.5);

  // Mute: the customer hears silence from the worker; Unmute: the tone again.
  // NOTE: before Hold, since baresip 1.0's recording stops at the first hold.
  await call.button("Mute").click();
  await expect(call.button("Unmute")).toBeEnabled();
  await expectApi(connector, id, { call: { state: "established", muted: true } });
  const mutedFrom = await recordedMore(desk.customer, 0);
  const mutedTo = await recordedMore(desk.customer, 0.75);
  await call.button("Unmute").click();
  await expect(call.button("Mute")).toBeEnabled();
  await expectApi(connector, id, { call: { state: "established", muted: false } });
  const openFrom = await recordedMore(desk.customer, 0);
  const openTo = await recordedMore(desk.customer, 0.75);

  await call.button("Hold").click();
  await expect(call.button("Retrieve")).toBeEnabled();
  await expectApi(connector, id, { call: { state: "held" } });
  const held = await rtpStopped(customer);
  const wav = latestReceivedWav(desk.customer);
  expect(wav, "the customer's phone recorded the call").toBeDefined();
  expect(rmsOf(wav!)).toBeGreaterThan(AUDIBLE_RMS);
  expect(rmsBetween(wav!, talking - 8_000, talking), "the tone before Mute").toBeGreaterThan(AUDIBLE_RMS);
  expect(rmsBetween(wav!, mutedFrom, mutedTo, SETTLE_SECONDS), "muted").toBeLessThan(SILENT_RMS);
  expect(rmsBetween(wav!, openFrom, openTo, SETTLE_SECONDS), "after Unmute").toBeGreaterThan(AUDIBLE_RMS);

  await call.button("Retrieve").click();
  await expect(call.button("Hold")).toBeEnabled();
  await expectApi(connector, id, { call: { state: "established" } });
  expect(await moreRtp(customer, 25)).toBeGreaterThan(held);

  await call.button("Keypad").click();
  await call.region.getByRole("group", { name: "Keypad" }).getByRole("button", { name: "5", exact: true }).click();
  await customer.event("CALL_DTMF_START", "5");

  // Held and resumed at the softphone itself (its own menu): the window follows.
  await desk.softphone.type("x");
  await expect(call.button("Retrieve")).toBeEnabled();
  await expectApi(connector, id, { call: { state: "held" } });
  await desk.softphone.type("X");
  await expect(call.button("Hold")).toBeEnabled();
  await expectApi(connector, id, { call: { state: "established" } });

  await call.button("Hang up").click();
  await customer.event("CALL_CLOSED");
  await desk.companion.line(/^kw1 \| connector: connected \| softphone: ready \| call: none$/, { after: desk.companion.lines().findIndex((l) => / call: established/.test(l)) });
  await expect.poll(async () => (await connector.api<{ state: string }>("GET", `/api/v1/interactions/${id}`)).state).toMatch(/^(wrap-up|done)$/);
});
