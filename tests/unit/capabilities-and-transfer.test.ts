/**
 * What may be done now (lib/domain/capabilities.ts) as a table over states, media, call states
 * and roles; and transfers, consultations and conferences (lib/domain/transfer.ts); and the
 * wrap-up rules (lib/domain/wrap-up.ts).
 */
import { describe, expect, it } from "vitest";
import * as calls from "../../lib/domain/call";
import { capabilities, checkAction } from "../../lib/domain/capabilities";
import { accept, end, finish, offer, type Interaction, type Result } from "../../lib/domain/interaction";
import { acceptInvite, cancelInvite, completeTransfer, invite, refuseInvite, removeParty } from "../../lib/domain/transfer";
import { dispositionProblem, presenceAfterWrapUp, startWrapUp } from "../../lib/domain/wrap-up";

const T0 = Date.parse("2024-05-06T09:00:00.000Z");
const at = (ms: number) => new Date(T0 + ms);
const TIMEOUT = 20_000;

function ok(result: Result): Interaction {
  if (result.refused) throw new Error(`refused: ${result.code} ${result.message}`);
  return result.interaction;
}

function make(media: "chat" | "voice"): Interaction {
  return {
    id: "i1",
    media,
    from: "Pat",
    subject: "",
    data: {},
    state: "queued",
    refusedBy: [],
    ...(media === "voice" ? { call: calls.newCall(at(0).toISOString()) } : {}),
    createdAt: at(0).toISOString(),
    updatedAt: at(0).toISOString(),
  };
}

/** Active with kw1; a call is answered (established). */
function active(media: "chat" | "voice"): Interaction {
  const i = ok(accept(ok(offer(make(media), "kw1", "o1", at(0), TIMEOUT)), "o1", "kw1", at(1000)));
  return i.call ? { ...i, call: (calls.answer(i.call, at(1000).toISOString()) as { call: calls.Call }).call } : i;
}
const withCall = (i: Interaction, step: (c: calls.Call) => calls.CallResult) => ({ ...i, call: (step(i.call!) as { call: calls.Call }).call });

describe("capabilities", () => {
  const chat = active("chat");
  const call = active("voice");
  const cases: Array<[string, Interaction, string, string[]]> = [
    ["queued chat, nobody", make("chat"), "kw1", []],
    ["offered chat, its worker (the Preview has Accept/Reject, not actions)", ok(offer(make("chat"), "kw1", "o1", at(0), TIMEOUT)), "kw1", []],
    ["active chat, its worker", chat, "kw1", ["send", "end", "transfer"]],
    ["active chat, another worker", chat, "kw2", []],
    ["active chat with a transfer open", ok(invite(chat, "kw1", "transfer", "kw2", "o2", at(2000), TIMEOUT)), "kw1", ["send", "end", "cancel-transfer"]],
    ["chat in wrap-up", ok(end(chat, at(2000))), "kw1", ["done"]],
    ["chat done", ok(finish(ok(end(chat, at(2000))), "kw1", at(3000))), "kw1", []],
    ["call ringing (a bridge has not connected it)", { ...call, call: calls.newCall(at(0).toISOString()) }, "kw1", ["release"]],
    ["call established", call, "kw1", ["hold", "mute", "dtmf", "transfer", "consult", "conference", "release"]],
    ["call established and muted", withCall(call, (c) => calls.setMuted(c, true)), "kw1", ["hold", "unmute", "dtmf", "transfer", "consult", "conference", "release"]],
    ["call held by the worker", withCall(call, (c) => calls.hold(c, "worker")), "kw1", ["retrieve", "mute", "transfer", "consult", "conference", "release"]],
    ["call held by the customer", withCall(call, (c) => calls.hold(c, "customer")), "kw1", ["mute", "release"]],
    ["call, consultation offered", ok(invite(call, "kw1", "consult", "kw2", "o2", at(2000), TIMEOUT)), "kw1", ["cancel-transfer", "mute", "release"]],
    ["call, consultation talking", ok(acceptInvite(ok(invite(call, "kw1", "consult", "kw2", "o2", at(2000), TIMEOUT)), "o2", "kw2", at(3000))), "kw1", ["complete-transfer", "cancel-transfer", "mute", "release"]],
    ["call, consulted worker", ok(acceptInvite(ok(invite(call, "kw1", "consult", "kw2", "o2", at(2000), TIMEOUT)), "o2", "kw2", at(3000))), "kw2", ["release"]],
    ["call with a conference party", ok(acceptInvite(ok(invite(call, "kw1", "conference", "kw2", "o2", at(2000), TIMEOUT)), "o2", "kw2", at(3000))), "kw1", ["hold", "mute", "dtmf", "transfer", "consult", "conference", "remove-party", "release"]],
    ["call in wrap-up", ok(end(call, at(5000))), "kw1", ["done"]],
  ];
  for (const [name, i, worker, expected] of cases) {
    it(name, () => expect(capabilities(i, worker)).toEqual(expected));
  }

  it("an action not allowed is refused naming the actions that are", () => {
    const held = withCall(call, (c) => calls.hold(c, "worker"));
    expect(checkAction(held, "kw1", "retrieve")).toEqual({ ok: true });
    const refused = checkAction(held, "kw1", "hold");
    expect(refused).toMatchObject({ ok: false, allowed: ["retrieve", "mute", "transfer", "consult", "conference", "release"] });
    expect(!refused.ok && refused.message).toBe('"hold" is not allowed now (the call is held); allowed: retrieve, mute, transfer, consult, conference, release');
  });
});

describe("transfer", () => {
  const chat = active("chat");
  const call = active("voice");

  it("a chat transfer: kw1 keeps it until kw2 accepts; then it is kw2's, with the offer closed as accepted", () => {
    const open = ok(invite(chat, "kw1", "transfer", "kw2", "o2", at(2000), TIMEOUT, { note: "VIP" }));
    expect(open).toMatchObject({ worker: "kw1", state: "active", invite: { purpose: "transfer", by: "kw1", note: "VIP", stage: "offered", offer: { worker: "kw2", deadline: at(2000 + TIMEOUT).toISOString() } } });
    const taken = acceptInvite(open, "o2", "kw2", at(3000));
    expect(taken).toMatchObject({ refused: false, interaction: { worker: "kw2", state: "active" }, closedOffer: { id: "o2", status: "accepted" } });
    expect(ok(taken)).not.toHaveProperty("invite");
  });

  it("rejected or timed out: it stays with kw1 and the offer is closed", () => {
    const open = ok(invite(chat, "kw1", "transfer", "kw2", "o2", at(2000), TIMEOUT));
    expect(refuseInvite(open, "o2", "kw2", at(3000), "rejected")).toMatchObject({ refused: false, interaction: { worker: "kw1" }, closedOffer: { status: "rejected" } });
    expect(refuseInvite(open, "o2", undefined, at(2000 + TIMEOUT - 1), "timed-out")).toMatchObject({ refused: true });
    expect(refuseInvite(open, "o2", undefined, at(2000 + TIMEOUT), "timed-out")).toMatchObject({ refused: false, closedOffer: { status: "timed-out" } });
    expect(acceptInvite(open, "o2", "kw3", at(3000))).toMatchObject({ refused: true, code: "conflict" });
    expect(acceptInvite(open, "o2", "kw2", at(2000 + TIMEOUT))).toMatchObject({ refused: true, code: "conflict" });
  });

  it("refuses a second invitation, one to yourself, and a consult on a chat", () => {
    const open = ok(invite(chat, "kw1", "transfer", "kw2", "o2", at(2000), TIMEOUT));
    expect(invite(open, "kw1", "transfer", "kw3", "o3", at(2000), TIMEOUT)).toMatchObject({ refused: true, code: "conflict" });
    expect(invite(chat, "kw1", "transfer", "kw1", "o3", at(2000), TIMEOUT)).toMatchObject({ refused: true, code: "bad_request" });
    expect(invite(chat, "kw1", "consult", "kw2", "o3", at(2000), TIMEOUT)).toMatchObject({ refused: true, code: "bad_request" });
    expect(invite(chat, "kw2", "transfer", "kw3", "o3", at(2000), TIMEOUT)).toMatchObject({ refused: true });
  });

  it("a consultation holds the customer, then completes (kw2 takes the call, off hold) or cancels (kw2 leaves)", () => {
    const consulting = ok(invite(call, "kw1", "consult", "kw2", "o2", at(2000), TIMEOUT));
    expect(consulting.call).toMatchObject({ state: "held", heldBy: "worker" });
    const talking = ok(acceptInvite(consulting, "o2", "kw2", at(3000)));
    expect(talking).toMatchObject({ worker: "kw1", parties: [{ worker: "kw2", role: "consult" }], invite: { stage: "talking" } });
    const completed = ok(completeTransfer(talking, "kw1", at(4000)));
    expect(completed).toMatchObject({ worker: "kw2", parties: [], call: { state: "established" } });
    expect(completeTransfer(talking, "kw2", at(4000))).toMatchObject({ refused: true });
    const cancelled = ok(cancelInvite(talking, "kw1", at(4000)));
    expect(cancelled).toMatchObject({ worker: "kw1", parties: [], call: { state: "held" } });
    expect(cancelled).not.toHaveProperty("invite");
    expect(cancelInvite(consulting, "kw1", at(2500))).toMatchObject({ refused: false, closedOffer: { status: "withdrawn" } });
  });

  it("a conference party joins and is removed; ending the call withdraws an open invitation and drops the parties", () => {
    const joined = ok(acceptInvite(ok(invite(call, "kw1", "conference", "kw2", "o2", at(2000), TIMEOUT)), "o2", "kw2", at(3000)));
    expect(joined).toMatchObject({ worker: "kw1", parties: [{ worker: "kw2", role: "conference" }] });
    expect(ok(removeParty(joined, "kw2", at(4000))).parties).toEqual([]);
    expect(removeParty(joined, "kw3", at(4000))).toMatchObject({ refused: true, code: "bad_request" });
    const pending = ok(invite(joined, "kw1", "transfer", "kw3", "o3", at(4000), TIMEOUT));
    const ended = end(pending, at(5000));
    expect(ended).toMatchObject({ refused: false, interaction: { state: "wrap-up", call: { state: "released" } }, closedOffer: { id: "o3", status: "withdrawn" } });
    expect(ok(ended)).not.toHaveProperty("parties");
  });

  it("ending a call during a consultation closes no offer twice: the consulted worker leaves with the parties", () => {
    const talking = ok(acceptInvite(ok(invite(call, "kw1", "consult", "kw2", "o2", at(2000), TIMEOUT)), "o2", "kw2", at(3000)));
    const ended = end(talking, at(4000));
    expect(ended).toMatchObject({ refused: false, interaction: { state: "wrap-up" } });
    expect(ended.refused === false && ended.closedOffer).toBeUndefined();
    expect(ok(ended)).not.toHaveProperty("invite");
  });
});

describe("wrap-up", () => {
  it("starts After Call Work only with a wrap-up time, remembering the presence before it", () => {
    expect(startWrapUp(at(0), 0, "available")).toEqual({ startedAt: at(0).toISOString(), acw: false });
    expect(startWrapUp(at(0), 30, "available")).toEqual({ startedAt: at(0).toISOString(), acw: true, until: at(30_000).toISOString(), presenceBefore: "available" });
    expect(startWrapUp(at(0), 30, "after-call-work", "busy")).toMatchObject({ acw: true, presenceBefore: "busy" });
  });

  it("returns to the presence before, unless one was chosen by hand or other after-call work still runs", () => {
    const w = startWrapUp(at(0), 30, "available");
    expect(presenceAfterWrapUp(w, "after-call-work", 0)).toBe("available");
    expect(presenceAfterWrapUp(w, "busy", 0)).toBeUndefined();
    expect(presenceAfterWrapUp(w, "after-call-work", 1)).toBeUndefined();
    expect(presenceAfterWrapUp(startWrapUp(at(0), 0, "available"), "available", 0)).toBeUndefined();
  });

  it("a disposition must be one of the configured codes", () => {
    expect(dispositionProblem(undefined, [])).toBeUndefined();
    expect(dispositionProblem("Resolved", ["Resolved"])).toBeUndefined();
    expect(dispositionProblem("Other", ["Resolved"])).toMatch(/not a configured disposition/);
    expect(dispositionProblem("Resolved", [])).toMatch(/no dispositions are configured/);
  });

  it("Done records the disposition and note", () => {
    const done = ok(finish(ok(end(active("chat"), at(2000))), "kw1", at(3000), { disposition: "Resolved", note: "ok" }));
    expect(done.wrapUp).toMatchObject({ disposition: "Resolved", note: "ok", endedAt: at(3000).toISOString() });
  });
});
