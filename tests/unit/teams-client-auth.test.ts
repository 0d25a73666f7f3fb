/**
 * The tab's reading of teams-js failures and of its token: which failures are the consent step's
 * (not only Retry), and when the token expires (the refresh is planned from it).
 */
import { describe, expect, it } from "vitest";
import { tokenExpiry } from "../../lib/client/teams-auth";
import { needsConsent } from "../../lib/client/teams-sign-in";

describe("needsConsent", () => {
  it.each([
    [new Error("resourceRequiresConsent"), true],
    [new Error("invalid_grant"), true],
    [new Error("FAILED_TO_GET_TOKEN: The user or administrator has not consented to use the application"), true],
    ["resourceRequiresConsent", true],
    [new Error("CancelledByUser"), false],
    [new Error("No Parent window found"), false],
  ])("%s -> %s", (error, expected) => {
    expect(needsConsent(error)).toBe(expected);
  });
});

describe("tokenExpiry", () => {
  const jwt = (payload: unknown) => `e30.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.sig`;
  it("reads exp (seconds) as milliseconds", () => {
    expect(tokenExpiry(jwt({ exp: 1_800_000_000, name: "Zoë ünïcode" }))).toBe(1_800_000_000_000);
  });
  it.each([["not a jwt"], [jwt({ exp: "soon" })], [jwt({})]])("gives nothing for %s", (token) => {
    expect(tokenExpiry(token)).toBeUndefined();
  });
});
