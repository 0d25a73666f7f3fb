/** Host detection's pure parts: may a host be there, which theme, is the host's context Teams'. */
import { describe, expect, it } from "vitest";
import { mayHaveHost, normaliseTheme } from "../../lib/client/host-context";
import { parseTeamsContext } from "../../lib/client/teams-context";

describe("mayHaveHost", () => {
  const self = {};
  it.each([
    ["a top-level page", { self, top: self, opener: null }, false],
    ["a framed page", { self, top: {}, opener: null }, true],
    ["a pop-up another window opened", { self, top: self, opener: {} }, true],
  ])("%s: %s", (_, win, expected) => {
    expect(mayHaveHost(win)).toBe(expected);
  });
});

describe("normaliseTheme", () => {
  it.each([
    ["default", "default"],
    ["dark", "dark"],
    ["contrast", "contrast"],
    ["neon", "default"],
    [undefined, "default"],
    [42, "default"],
  ])("%j -> %s", (input, expected) => {
    expect(normaliseTheme(input)).toBe(expected);
  });
});

describe("parseTeamsContext", () => {
  const context = {
    app: { locale: "fr-fr", theme: "dark", host: { name: "Teams" } },
    page: { frameContext: "sidePanel" },
    user: { id: "u1", userPrincipalName: "alex@contoso.example", tenant: { id: "t1" } },
  };

  it("reads the theme, locale, user and surface", () => {
    expect(parseTeamsContext(context)).toEqual({
      theme: "dark",
      locale: "fr-fr",
      user: { upn: "alex@contoso.example", id: "u1", tenant: "t1" },
      frameContext: "sidePanel",
      hostName: "Teams",
    });
  });

  it("reads the sub-page a deep link opened the tab on (the offer), none when Teams gives an empty one", () => {
    expect(parseTeamsContext({ ...context, page: { frameContext: "content", subPageId: "offer-1" } })?.subPageId).toBe("offer-1");
    expect(parseTeamsContext({ ...context, page: { frameContext: "content", subPageId: "" } })).not.toHaveProperty("subPageId");
    expect(parseTeamsContext({ ...context, page: { frameContext: "content", subPageId: "x".repeat(201) } })).toBeUndefined();
  });

  it.each([
    ["nothing", undefined],
    ["a number", 42],
    ["no locale", { ...context, app: { theme: "dark", host: { name: "Teams" } } }],
    ["no host", { ...context, app: { locale: "en-us" } }],
    ["no frame context", { ...context, page: {} }],
    ["a locale that is not a string", { ...context, app: { ...context.app, locale: 7 } }],
  ])("refuses %s (the page stays standalone)", (_, input) => {
    expect(parseTeamsContext(input)).toBeUndefined();
  });
});
