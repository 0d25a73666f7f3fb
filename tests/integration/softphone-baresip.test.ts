/**
 * The baresip adapter (lib/companion/softphone/baresip.ts) against two real baresips on
 * loopback: the customer's (recording what it receives, driven by the test) calls the worker's
 * (playing a tone, driven by the adapter). What a user relies on: the call is reported with the
 * caller, answering makes audio flow, hold stops it and resume brings it back (RTP counters:
 * baresip 1.0's recording stops at the first hold), mute silences the worker at the customer's
 * side and unmute brings the tone back (each idempotent, though baresip's mute toggles), DTMF
 * reaches the far end, hangup releases both, a hold or resume typed on the softphone's own menu is
 * reported, and a restarted baresip is found again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BaresipSoftphone } from "../../lib/companion/softphone/baresip";
import type { SoftphoneEvent } from "../../lib/companion/softphone/softphone";
import { latestReceivedWav, recordedMore, rmsBetween, rmsOf, startBaresip, type Baresip } from "../support/baresip";
import { freePort } from "../support/free-port";
import { waitFor } from "../support/wait";

/** RMS of a 440 Hz tone as baresip's PCMU carries it is ~0.3; silence is ~0.0001. */
const AUDIBLE_RMS = 0.05;
const SILENT_RMS = 0.001;
/** Recorded audio skipped after a mute or unmute is done: it takes baresip ~0.1 s to take effect. */
const SETTLE_SECONDS = 0.25;

describe("the baresip softphone adapter", () => {
  let customer: Baresip;
  let worker: Baresip;
  let phone: BaresipSoftphone;
  const events: SoftphoneEvent[] = [];

  beforeAll(async () => {
    customer = await startBaresip({ role: "recording", user: "customer" });
    worker = await startBaresip({ role: "tone", user: "worker", driver: false, console: true });
    phone = new BaresipSoftphone(worker.ctrlUrl);
    phone.subscribe((event) => events.push(event));
    await waitFor(() => phone.state, (s) => s === "ready", { what: "the adapter to reach baresip" });
  }, 40_000);

  afterAll(async () => {
    await phone?.close();
    await customer?.stop();
    await worker?.stop();
  });

  const callEvent = (state: string) => events.find((e) => e.type === "call" && e.state === state) as Extract<SoftphoneEvent, { type: "call" }> | undefined;
  const rtpGrowth = async (driver: NonNullable<Baresip["driver"]>, atLeast: number) => {
    const start = await driver.rtpReceived();
    return waitFor(() => driver.rtpReceived(), (n) => n >= start + atLeast, { what: `${atLeast} more RTP packets` });
  };
  /** A fresh call from the customer, answered through the adapter and established at both ends. */
  const answeredCall = async () => {
    events.length = 0;
    const driver = customer.driver!;
    await driver.dial(worker.sipUri);
    const ringing = await waitFor(() => callEvent("ringing"), Boolean, { what: "the ringing call" });
    await phone.execute(ringing!.callId, { kind: "answer" });
    await driver.event("CALL_ESTABLISHED");
    return { driver, callId: ringing!.callId };
  };

  it("reports the call, answers it, carries audio, holds, resumes, sends DTMF and hangs up", async () => {
    const driver = customer.driver!;
    await driver.dial(worker.sipUri);
    const ringing = await waitFor(() => callEvent("ringing"), Boolean, { what: "the ringing call" });
    expect(ringing!.peer).toBe(customer.sipUri);
    const callId = ringing!.callId;

    await phone.execute(callId, { kind: "answer" });
    expect(callEvent("established")?.callId).toBe(callId);
    await driver.event("CALL_ESTABLISHED");

    // Audio flows: the customer receives the worker's tone (its recording measures it below).
    await rtpGrowth(driver, 50);

    await phone.execute(callId, { kind: "hold" });
    expect(callEvent("held")?.callId).toBe(callId);
    // NOTE: RTP stops once the re-INVITE is through; wait for two equal readings in a row.
    let previous = -1;
    const stopped = await waitFor(
      async () => {
        const before = await driver.rtpReceived();
        await driver.control.command("audio_debug");
        const now = await driver.rtpReceived();
        const same = now === before && now === previous;
        previous = now;
        return same ? now : undefined;
      },
      (n) => n !== undefined,
      { what: "RTP to stop while held", intervalMs: 250 },
    );
    const wav = latestReceivedWav(customer);
    expect(wav, "the customer side recorded what it received").toBeDefined();
    expect(rmsOf(wav!)).toBeGreaterThan(AUDIBLE_RMS);

    await phone.execute(callId, { kind: "resume" });
    const resumed = await rtpGrowth(driver, 25);
    expect(resumed).toBeGreaterThan(stopped!);

    await phone.execute(callId, { kind: "dtmf", digits: "5#" });
    await driver.event("CALL_DTMF_START", "5");
    await driver.event("CALL_DTMF_START", "#");

    await phone.execute(callId, { kind: "hangup" });
    expect(callEvent("closed")?.callId).toBe(callId);
    await driver.event("CALL_CLOSED");
    await expect(phone.execute(callId, { kind: "hold" })).rejects.toMatchObject({ reason: "unknown-call" });
  });

  it("mutes and unmutes the worker's microphone: the customer's recording goes silent, then carries the tone again", async () => {
    const { driver, callId } = await answeredCall();
    await waitFor(() => latestReceivedWav(customer), Boolean, { what: "the customer's recording of this call" });
    const wav = latestReceivedWav(customer)!;

    const talking = await recordedMore(customer, 0.5);
    await phone.execute(callId, { kind: "mute" });
    // Asked again, the call stays muted (a second toggle would open the microphone).
    await phone.execute(callId, { kind: "mute" });
    const mutedFrom = await recordedMore(customer, 0);
    const mutedTo = await recordedMore(customer, 0.75);
    await phone.execute(callId, { kind: "unmute" });
    await phone.execute(callId, { kind: "unmute" });
    const openFrom = await recordedMore(customer, 0);
    const openTo = await recordedMore(customer, 0.75);

    await expect(phone.execute(callId, { kind: "transfer" } as never), "a command kind the adapter does not know").rejects.toMatchObject({ reason: "refused" });
    await phone.execute(callId, { kind: "hangup" });
    await driver.event("CALL_CLOSED");
    await expect(phone.execute(callId, { kind: "mute" })).rejects.toMatchObject({ reason: "unknown-call" });

    expect(rmsBetween(wav, talking - 8_000, talking), "before mute").toBeGreaterThan(AUDIBLE_RMS);
    expect(rmsBetween(wav, mutedFrom, mutedTo, SETTLE_SECONDS), "muted").toBeLessThan(SILENT_RMS);
    expect(rmsBetween(wav, openFrom, openTo, SETTLE_SECONDS), "unmuted").toBeGreaterThan(AUDIBLE_RMS);
  });

  it("reports a hold and a resume typed on the softphone's own menu", async () => {
    const { callId } = await answeredCall();
    const states = () => events.flatMap((e) => (e.type === "call" ? [e.state] : [])).join(" ");

    await worker.type("x");
    await waitFor(states, (s) => s === "ringing established held", { what: "the call reported held" });
    await worker.type("X");
    await waitFor(states, (s) => s === "ringing established held established", { what: "the call reported established again" });
    await phone.execute(callId, { kind: "hangup" });
    expect(states()).toBe("ringing established held established closed");
  });

  it("reports a DTMF digit the far end sends", async () => {
    const { driver, callId } = await answeredCall();
    await driver.control.command("sndcode", "7");
    await waitFor(() => events.find((e) => e.type === "dtmf"), Boolean, { what: "the DTMF digit" });
    expect(events.find((e) => e.type === "dtmf")).toEqual({ type: "dtmf", callId, digit: "7" });
    await driver.control.command("hangup");
    await waitFor(() => callEvent("closed"), Boolean, { what: "the call to close" });
  });

  it("says absent while baresip is away and ready again once it is back", async () => {
    events.length = 0;
    await worker.restart();
    await waitFor(() => events.map((e) => (e.type === "softphone" ? e.state : "")).join(" "), (s) => /absent.*ready/.test(s), { what: "absent, then ready" });
    expect(phone.state).toBe("ready");
    await expect(phone.execute("no-such-call", { kind: "answer" })).rejects.toMatchObject({ reason: "unknown-call" });
  });

  it("fails a command with `absent` while no baresip answers at its address", async () => {
    const nowhere = new BaresipSoftphone(`baresip://127.0.0.1:${await freePort()}`);
    try {
      expect(nowhere.state).toBe("absent");
      await expect(nowhere.execute("any-call", { kind: "answer" })).rejects.toMatchObject({ reason: "absent" });
    } finally {
      await nowhere.close();
    }
  });
});
