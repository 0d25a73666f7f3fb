/**
 * Calls on the worker's desktop softphone through the companion (B11), the connector's side: call
 * matching and its reporting events, Accept / Hold / Retrieve / Keypad / Hang up carried out as
 * companion commands whose outcome and the softphone's reported state decide what the call shows,
 * a hang-up at the softphone ending the interaction, and the embedded model for everyone else.
 * The companion here speaks the protocol by hand; the real one is tested with baresip on its own.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { companionChannels, type CompanionDown, type SoftphoneCallState } from "../../lib/companion/protocol";
import { connectCompanion, pairCompanion, type CompanionClient } from "../support/companion-bayeux";
import { demoConfigRaw, startConnector, type Connector } from "../support/harness";
import { createOk, events, kw, offersOf, setPresenceAsWorker, signIn, getInteraction } from "../support/interactions";
import { rawRequest } from "../support/http";
import { waitFor } from "../support/wait";

let c: Connector;
let companion: CompanionClient;
let cookie: string;
let credential: string;
/** What the fake softphone was told to do, in order. */
const commands: Array<Extract<CompanionDown, { type: "command" }>> = [];
/** Whether the fake softphone carries commands out (else it refuses them). */
let obliging = true;

const NEXT_STATE: Record<string, SoftphoneCallState | undefined> = { answer: "established", hold: "held", resume: "established", hangup: "closed" };
const at = () => new Date().toISOString();

beforeAll(async () => {
  const config = demoConfigRaw();
  config.im = { gateways: [] };
  config["uc-connector"] = { "gla-call-match-window": 2000 };
  c = await startConnector({ config });
  cookie = await signIn(c, "kw1");
  await setPresenceAsWorker(c, cookie, "available");
  credential = await pairCompanion(c, "kw1");
  companion = await connectCompanion(c, "kw1", credential);
  // The fake softphone: answers each command with its result, then the state it leads to.
  await companion.subscribe(companionChannels.down("kw1"), (m: CompanionDown) => {
    if (m.type !== "command") return;
    commands.push(m);
    if (!obliging) return void companion.say({ type: "result", commandId: m.commandId, ok: false, error: "no such call" });
    void companion.say({ type: "result", commandId: m.commandId, ok: true });
    const state = NEXT_STATE[m.command.kind];
    if (state) void companion.say({ type: "call", callId: m.callId, state, at: at() });
  });
  await companion.say({ type: "softphone", state: "ready" });
  await waitFor(() => c.worker("kw1"), (w) => w.companion?.softphone === "ready", { what: "softphone ready" });
});
afterAll(async () => {
  await c?.cleanup();
});

const ring = (callId: string, peer?: string) => companion.say({ type: "call", callId, state: "ringing", ...(peer ? { peer } : {}), at: at() });
const eventOf = (type: string, match: (e: any) => boolean) =>
  waitFor(() => events(c), (list) => list.some((e) => e.type === type && match(e)), { what: type }).then((list) => list.find((e) => e.type === type && match(e))!);
const act = (id: string, action: string, body?: object) => rawRequest(`${c.url}/api/kw/interactions/${id}/actions/${action}`, { method: "POST", headers: { cookie }, body: body ?? {} });

const callOf = async (id: string) => ((await getInteraction(c, id)) as unknown as { call: { state: string } }).call;

/** The worker hangs up and closes the interaction (so the next call is offered). */
async function hangUpAndFinish(id: string) {
  expect((await act(id, "release")).status).toBe(200);
  expect((await kw(c, cookie, "done", id)).status).toBe(200);
}

/** A voice interaction from `peer` whose call rings on the softphone, matched and accepted; its id. */
async function acceptedCall(callId: string, peer: string): Promise<string> {
  const { id } = await createOk(c, { media: "voice", from: peer, worker: "kw1" });
  await ring(callId, peer);
  await eventOf("CallMatched", (e) => e.interaction === id);
  expect((await accept(id)).status).toBe(200);
  return id;
}

async function accept(id: string) {
  const offers = await waitFor(() => offersOf(c, cookie), (list) => list.some((o) => o.interaction.id === id), { what: `the offer of ${id}` });
  return kw(c, cookie, "accept", id, { offerId: offers.find((o) => o.interaction.id === id)!.id });
}

describe("call matching", () => {
  it("matches a call ringing after the offer, and Accept answers it on the softphone", async () => {
    const { id } = await createOk(c, { media: "voice", from: "sip:alice@127.0.0.1:5070", worker: "kw1" });
    await offersOf(c, cookie);
    await ring("call-a", '"Alice" <sip:alice@127.0.0.1>;tag=1');
    const matched = await eventOf("CallMatched", (e) => e.interaction === id);
    expect(matched).toMatchObject({ worker: "kw1", reasons: { call: "call-a" } });

    const res = await accept(id);
    expect(res.status, res.text).toBe(200);
    expect(commands.at(-1)).toMatchObject({ callId: "call-a", command: { kind: "answer" } });
    expect((await callOf(id)).state).toBe("established");
    // The softphone takes answer, hold, resume, DTMF and hang-up: no transfer or conference offered.
    expect((await getInteraction(c, id)) as unknown as { capabilities: string[] }).toMatchObject({ capabilities: ["hold", "mute", "dtmf", "release"] });

    expect((await act(id, "hold")).status).toBe(200);
    expect(commands.at(-1)!.command).toEqual({ kind: "hold" });
    expect((await callOf(id)).state).toBe("held");
    expect((await act(id, "retrieve")).status).toBe(200);
    expect(commands.at(-1)!.command).toEqual({ kind: "resume" });
    expect((await act(id, "dtmf", { digits: "5#" })).status).toBe(200);
    expect(commands.at(-1)!.command).toEqual({ kind: "dtmf", digits: "5#" });

    await companion.say({ type: "dtmf", callId: "call-a", digit: "7" });
    await eventOf("DtmfReceived", (e) => e.interaction === id && e.reasons?.digits === "7");

    expect((await act(id, "release")).status).toBe(200);
    expect(commands.at(-1)!.command).toEqual({ kind: "hangup" });
    expect((await callOf(id)).state).toBe("released");
    expect((await kw(c, cookie, "done", id)).status).toBe(200);
  });

  it("matches a call that rang first; hung up at the softphone, the interaction ends", async () => {
    await ring("call-b", "sip:bob@127.0.0.1");
    const { id } = await createOk(c, { media: "voice", from: "sip:bob@127.0.0.1", worker: "kw1" });
    await eventOf("CallMatched", (e) => e.interaction === id && e.reasons?.call === "call-b");
    expect((await accept(id)).status).toBe(200);
    await companion.say({ type: "call", callId: "call-b", state: "closed", at: at() });
    const released = await eventOf("CallReleased", (e) => e.interaction === id);
    expect(released.reasons).toEqual({ by: "customer" });
    expect((await getInteraction(c, id)).state).toBe("wrap-up");
    expect((await kw(c, cookie, "done", id)).status).toBe(200);
  });

  it("answered in the companion's own prompt, the Preview is accepted", async () => {
    const { id } = await createOk(c, { media: "voice", from: "sip:carol@127.0.0.1", worker: "kw1" });
    await ring("call-c", "sip:carol@127.0.0.1");
    await eventOf("CallMatched", (e) => e.interaction === id);
    await companion.say({ type: "call", callId: "call-c", state: "established", at: at() });
    await eventOf("InteractionAccepted", (e) => e.interaction === id);
    expect((await callOf(id)).state).toBe("established");
    await hangUpAndFinish(id);
  });

  it("reports a call from another caller as not matched, and the call stays built-in", async () => {
    const { id } = await createOk(c, { media: "voice", from: "sip:dave@127.0.0.1", worker: "kw1" });
    await ring("call-d", "sip:mallory@127.0.0.1");
    expect((await eventOf("CallNotMatched", (e) => e.interaction === id)).reasons).toEqual({ reason: "caller-differs" });
    expect((await eventOf("CallNotMatched", (e) => e.reasons?.call === "call-d")).reasons).toEqual({ call: "call-d", reason: "caller-differs" });
    const before = commands.length;
    expect((await accept(id)).status).toBe(200);
    expect(commands.length).toBe(before);
    expect((await callOf(id)).state).toBe("established");
    await hangUpAndFinish(id);
  });

  it("does not match a call outside gla-call-match-window", async () => {
    await ring("call-e", "sip:erin@127.0.0.1");
    expect((await eventOf("CallNotMatched", (e) => e.reasons?.call === "call-e")).reasons).toEqual({ call: "call-e", reason: "no-interaction" });
    const { id } = await createOk(c, { media: "voice", from: "sip:erin@127.0.0.1", worker: "kw1" });
    expect((await eventOf("CallNotMatched", (e) => e.interaction === id)).reasons).toEqual({ reason: "no-call" });
    expect((await events(c)).some((e) => e.type === "CallMatched" && e.interaction === id)).toBe(false);
    expect((await accept(id)).status).toBe(200);
    await hangUpAndFinish(id);
  });

  it("a command the softphone refuses is refused, and the call keeps its state", async () => {
    const id = await acceptedCall("call-f", "sip:fay@127.0.0.1");
    obliging = false;
    try {
      const res = await act(id, "hold");
      expect(res.status).toBe(409);
      expect(res.json.error.message).toMatch(/desktop phone refused: no such call/);
      expect((await callOf(id)).state).toBe("established");
    } finally {
      obliging = true;
    }
    await hangUpAndFinish(id);
  });

  it("a Preview rejected declines the call ringing on the softphone", async () => {
    const { id } = await createOk(c, { media: "voice", from: "sip:gus@127.0.0.1", worker: "kw1" });
    const offers = await waitFor(() => offersOf(c, cookie), (list) => list.some((o) => o.interaction.id === id), { what: "the offer" });
    await ring("call-g", "sip:gus@127.0.0.1");
    await eventOf("CallMatched", (e) => e.interaction === id);
    expect((await kw(c, cookie, "reject", id, { offerId: offers.find((o) => o.interaction.id === id)!.id })).status).toBe(200);
    await waitFor(() => commands.at(-1), (m) => m?.callId === "call-g", { what: "a command for call-g" });
    expect(commands.at(-1)!.command).toEqual({ kind: "hangup" });
  });

  it("held and resumed at the softphone itself, the call shown and its controls follow", async () => {
    const id = await acceptedCall("call-h", "sip:hal@127.0.0.1");
    const before = commands.length;
    const view = () => getInteraction(c, id) as unknown as Promise<{ call: { state: string }; capabilities: string[] }>;

    await companion.say({ type: "call", callId: "call-h", state: "held", at: at() });
    const held = await waitFor(view, (i) => i.call.state === "held", { what: "the call held" });
    expect(held.capabilities).toContain("retrieve");
    expect(held.capabilities).not.toContain("hold");
    expect((await eventOf("CallHeld", (e) => e.interaction === id)).reasons).toEqual({ by: "worker", on: "softphone" });

    await companion.say({ type: "call", callId: "call-h", state: "established", at: at() });
    const resumed = await waitFor(view, (i) => i.call.state === "established", { what: "the call resumed" });
    expect(resumed.capabilities).toContain("hold");
    expect((await eventOf("CallRetrieved", (e) => e.interaction === id)).reasons).toEqual({ by: "worker", on: "softphone" });
    // Nothing was commanded: the softphone did it.
    expect(commands.length).toBe(before);
    await hangUpAndFinish(id);
  });

  it("Mute and Unmute act on the softphone's microphone; refused there, the call stays unmuted", async () => {
    const id = await acceptedCall("call-i", "sip:ivy@127.0.0.1");
    const muted = async () => ((await getInteraction(c, id)) as unknown as { call: { muted: boolean } }).call.muted;

    expect((await act(id, "mute")).status).toBe(200);
    expect(commands.at(-1)).toMatchObject({ callId: "call-i", command: { kind: "mute" } });
    expect(await muted()).toBe(true);
    expect((await act(id, "unmute")).status).toBe(200);
    expect(commands.at(-1)).toMatchObject({ callId: "call-i", command: { kind: "unmute" } });
    expect(await muted()).toBe(false);

    obliging = false;
    try {
      const res = await act(id, "mute");
      expect(res.status).toBe(409);
      expect(res.json.error.message).toMatch(/desktop phone refused/);
      expect(await muted()).toBe(false);
    } finally {
      obliging = true;
    }
    await hangUpAndFinish(id);
  });

  it("a call that closes before its match window ends is reported not matched, with its reason", async () => {
    await ring("call-j", "sip:jo@127.0.0.1");
    await companion.say({ type: "call", callId: "call-j", state: "closed", at: at() });
    expect((await eventOf("CallNotMatched", (e) => e.reasons?.call === "call-j")).reasons).toEqual({ call: "call-j", reason: "closed" });
  });

  it("an offer whose call closes while still ringing (the caller gave up) ends as a customer hang-up", async () => {
    const { id } = await createOk(c, { media: "voice", from: "sip:kim@127.0.0.1", worker: "kw1" });
    await waitFor(() => offersOf(c, cookie), (list) => list.some((o) => o.interaction.id === id), { what: "the offer" });
    await ring("call-k", "sip:kim@127.0.0.1");
    await eventOf("CallMatched", (e) => e.interaction === id);
    await companion.say({ type: "call", callId: "call-k", state: "closed", at: at() });
    expect((await eventOf("InteractionAbandoned", (e) => e.interaction === id)).reasons).toEqual({ by: "customer" });
    expect((await getInteraction(c, id)).state).toBe("abandoned");
    await waitFor(() => offersOf(c, cookie), (list) => !list.some((o) => o.interaction.id === id), { what: "the Preview gone" });
  });

  it("counts matches and misses in /metrics", async () => {
    const text = (await c.request("/metrics")).text;
    expect(text).toMatch(/ucc_call_matches_total\{outcome="matched"\} [4-9]/);
    expect(text).toMatch(/ucc_call_matches_total\{outcome="not-matched"\} [2-9]/);
    expect(text).toMatch(/ucc_companions_connected 1/);
  });

  it("after a restart, a call matched before that the companion restates stays matched", async () => {
    const { id } = await createOk(c, { media: "voice", from: "sip:lee@127.0.0.1", worker: "kw1" });
    await ring("call-l", "sip:lee@127.0.0.1");
    await eventOf("CallMatched", (e) => e.interaction === id);
    c = await c.restart();
    companion = await connectCompanion(c, "kw1", credential);
    await companion.say({ type: "softphone", state: "ready" });
    await waitFor(() => c.worker("kw1"), (w) => w.companion?.softphone === "ready", { what: "softphone ready again" });
    // What a companion says after each handshake: its ringing calls again; call-m is a new one, matching nothing.
    await ring("call-l", "sip:lee@127.0.0.1");
    await ring("call-m", "sip:nobody@127.0.0.1");
    await eventOf("CallNotMatched", (e) => e.reasons?.call === "call-m");
    expect((await events(c)).filter((e) => e.reasons?.call === "call-l").map((e) => e.type)).toEqual(["CallMatched"]);
  });
});
