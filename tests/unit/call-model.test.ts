/** The embedded call model's state machine (lib/domain/call.ts), as tables: every transition and refusal. */
import { describe, expect, it } from "vitest";
import * as calls from "../../lib/domain/call";
import type { Call, CallResult } from "../../lib/domain/call";

const AT = "2024-05-06T09:00:00.000Z";
const LATER = "2024-05-06T09:01:00.000Z";

function ok(result: CallResult): Call {
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  return result.call;
}

const ringing = () => calls.newCall(AT);
const established = () => ok(calls.answer(ringing(), LATER));
const heldByWorker = () => ok(calls.hold(established(), "worker"));
const heldByCustomer = () => ok(calls.hold(established(), "customer"));
const released = () => ok(calls.release(established(), LATER));

const STATES = { ringing, established, heldByWorker, heldByCustomer, released } as const;
type From = keyof typeof STATES;

/** Each command, and the states it is allowed from (every other state refuses it). */
const TABLE: Array<[string, (c: Call) => CallResult, From[]]> = [
  ["answer", (c) => calls.answer(c, LATER), ["ringing"]],
  ["hold (worker)", (c) => calls.hold(c, "worker"), ["established"]],
  ["hold (customer)", (c) => calls.hold(c, "customer"), ["established"]],
  ["retrieve (worker)", (c) => calls.retrieve(c, "worker"), ["heldByWorker"]],
  ["retrieve (customer)", (c) => calls.retrieve(c, "customer"), ["heldByCustomer"]],
  ["mute", (c) => calls.setMuted(c, true), ["established", "heldByWorker", "heldByCustomer"]],
  ["send DTMF", (c) => calls.sendDtmf(c, "5"), ["established"]],
  ["receive DTMF", (c) => calls.receiveDtmf(c, "#"), ["established"]],
  ["release", (c) => calls.release(c, LATER), ["ringing", "established", "heldByWorker", "heldByCustomer"]],
];

describe("call state machine", () => {
  for (const [name, command, allowed] of TABLE) {
    for (const from of Object.keys(STATES) as From[]) {
      const expected = allowed.includes(from);
      it(`${name} from ${from}: ${expected ? "allowed" : "refused"}`, () => {
        const before = Object.freeze(STATES[from]());
        const result = command(before);
        expect(result.ok).toBe(expected);
        if (!result.ok) expect(result.message).toMatch(/\w/);
      });
    }
  }

  it("answering records when the call was established (the timer counts from it)", () => {
    expect(established()).toMatchObject({ state: "established", establishedAt: LATER, ringingAt: AT, muted: false });
  });

  it("hold records who held it; retrieve clears it; release forgets a hold", () => {
    expect(heldByWorker()).toMatchObject({ state: "held", heldBy: "worker" });
    expect(ok(calls.retrieve(heldByWorker(), "worker"))).not.toHaveProperty("heldBy");
    expect(ok(calls.release(heldByCustomer(), LATER))).toMatchObject({ state: "released", releasedAt: LATER });
    expect(ok(calls.release(heldByCustomer(), LATER))).not.toHaveProperty("heldBy");
  });

  it("mute twice or unmute an unmuted call is refused", () => {
    const muted = ok(calls.setMuted(established(), true));
    expect(muted.muted).toBe(true);
    expect(calls.setMuted(muted, true).ok).toBe(false);
    expect(calls.setMuted(established(), false).ok).toBe(false);
    expect(ok(calls.setMuted(muted, false)).muted).toBe(false);
  });

  it("DTMF accepts 0-9 * # A-D only, and keeps the latest 32 digits each way", () => {
    for (const digits of ["0123456789", "*#", "ABCD"]) expect(calls.sendDtmf(established(), digits).ok).toBe(true);
    for (const digits of ["", "E", "a", "1 2", "+", "x".repeat(3), "1".repeat(33)]) expect(calls.sendDtmf(established(), digits).ok).toBe(false);
    let c = established();
    for (let n = 0; n < 40; n++) c = ok(calls.sendDtmf(c, String(n % 10)));
    expect(c.dtmfSent).toHaveLength(calls.DTMF_KEPT);
    expect(c.dtmfSent.endsWith("789")).toBe(true);
    expect(ok(calls.receiveDtmf(established(), "12A")).dtmfReceived).toBe("12A");
  });

  it("resumeForWorker takes a worker's hold off and leaves a customer's hold alone", () => {
    expect(calls.resumeForWorker(heldByWorker())).toMatchObject({ state: "established" });
    expect(calls.resumeForWorker(heldByCustomer())).toMatchObject({ state: "held", heldBy: "customer" });
  });
});
