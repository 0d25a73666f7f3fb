import { describe, expect, it } from "vitest";
import { acceptLanguages, resolveLocale } from "../../lib/i18n/resolve-locale";

describe("acceptLanguages", () => {
  it.each([
    [undefined, []],
    ["", []],
    ["de-DE", ["de-DE"]],
    ["fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5", ["fr-CH", "fr", "en", "de"]],
    // By q first, then by the order given.
    ["en;q=0.2, ru-RU, de;q=0.5", ["ru-RU", "de", "en"]],
    ["it;q=0, es", ["es"]],
    ["pt-BR;q=0.9,es;q=0.9", ["pt-BR", "es"]],
    ["x;q=abc, fr", ["fr"]],
  ])("%j -> %j", (header, expected) => {
    expect(acceptLanguages(header)).toEqual(expected);
  });

  it("ignores a header too long to be a browser's", () => {
    expect(acceptLanguages("fr,".repeat(600))).toEqual([]);
  });

  it("feeds resolveLocale: the first language the UI speaks", () => {
    expect(resolveLocale({ browserLanguages: acceptLanguages("pt-BR, it;q=0.8, fr;q=0.9") })).toBe("fr");
  });
});
