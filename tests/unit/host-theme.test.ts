/** The theme outside Teams, from the browser's preferences: contrast first, then dark, else the default look. */
import { describe, expect, it } from "vitest";
import { preferredTheme } from "../../lib/client/host-theme";

describe("preferredTheme", () => {
  const cases: [string[], string][] = [
    [[], "default"],
    [["(prefers-color-scheme: dark)"], "dark"],
    [["(forced-colors: active), (prefers-contrast: more)"], "contrast"],
    [["(prefers-color-scheme: dark)", "(forced-colors: active), (prefers-contrast: more)"], "contrast"],
  ];
  it.each(cases)("with %j matching it is %s", (matching, theme) => {
    expect(preferredTheme((query) => matching.includes(query))).toBe(theme);
  });
});
