/**
 * The handoff code of the organisation sign-in inside Teams, on a clock the test moves: it lives
 * 60 s, is spent once (by any try whose signature checks out), redeems only with the verifier of
 * the tab whose challenge it carries; and the two bearer kinds told apart by shape.
 */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { bearerKind } from "../../lib/auth/bearer-kind";
import { challengeOf, HANDOFF_TTL_MS, TeamsHandoffs } from "../../lib/auth/teams-handoff";

const person = { kind: "entra" as const, subject: "tid/oid" };

function setup() {
  let now = Date.parse("2026-12-06T10:00:00Z");
  const handoffs = new TeamsHandoffs(randomBytes(32), () => now);
  const verifier = randomBytes(32).toString("base64url");
  const issue = () => handoffs.issue({ workerId: "kw1", person, challenge: challengeOf(verifier) });
  return { handoffs, verifier, issue, advance: (ms: number) => (now += ms) };
}

describe("TeamsHandoffs", () => {
  it("redeems a fresh code once, with its tab's verifier, for the worker and person it names", async () => {
    const { handoffs, verifier, issue } = setup();
    const code = await issue();
    expect(await handoffs.redeem(code, verifier)).toEqual({ ok: true, workerId: "kw1", person });
    expect(await handoffs.redeem(code, verifier)).toEqual({ ok: false, reason: "spent" });
  });

  it("takes a code up to its 60th second, not at it", async () => {
    const { handoffs, verifier, issue, advance } = setup();
    const early = await issue();
    const late = await issue();
    advance(HANDOFF_TTL_MS - 1_000);
    expect((await handoffs.redeem(early, verifier)).ok).toBe(true);
    advance(1_000);
    expect(await handoffs.redeem(late, verifier)).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses another tab's verifier, and that try burns the code", async () => {
    const { handoffs, verifier, issue } = setup();
    const code = await issue();
    expect(await handoffs.redeem(code, randomBytes(32).toString("base64url"))).toEqual({ ok: false, reason: "not-this-tab" });
    expect(await handoffs.redeem(code, verifier)).toEqual({ ok: false, reason: "spent" });
  });

  it("refuses a code of another key, or no code at all", async () => {
    const { handoffs, verifier } = setup();
    const foreign = await new TeamsHandoffs(randomBytes(32)).issue({ workerId: "kw1", person, challenge: challengeOf(verifier) });
    expect(await handoffs.redeem(foreign, verifier)).toEqual({ ok: false, reason: "invalid" });
    expect(await handoffs.redeem("x".repeat(3_000), verifier)).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("bearerKind", () => {
  it.each([
    ["eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", "teams-token"],
    [randomBytes(32).toString("base64url"), "session"],
  ])("%s -> %s", (token, kind) => {
    expect(bearerKind(token)).toBe(kind);
  });
});
