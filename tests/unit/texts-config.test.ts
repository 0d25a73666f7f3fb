/** The deployment's texts for workers: canned responses and labels, in the UI's languages (issue 20). */
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../lib/config/load";
import { DEMO_CONFIG_FILE, demoConfigRaw } from "../support/harness";

const base = () => ({ workers: [{ id: "kw1", name: "Alex" }] });

function problemOf(raw: unknown): { option: string; problem: string; message: string } {
  try {
    parseConfig(raw, "/etc/ucc/test.json");
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const e = error as ConfigError;
    expect(e.message).not.toContain("\n");
    return { option: e.option ?? "", problem: e.problem, message: e.message };
  }
  throw new Error("expected a ConfigError, but the configuration was accepted");
}

describe("responses and data-labels", () => {
  it("default to none", () => {
    const config = parseConfig(base());
    expect(config.responses).toEqual([]);
    expect(config["data-labels"]).toEqual({});
  });

  it("the demo configuration has three responses, each in the six languages", () => {
    const config = parseConfig(demoConfigRaw(), DEMO_CONFIG_FILE);
    expect(config.responses.map((r) => r.id)).toEqual(["greeting", "refund", "closing"]);
    for (const r of config.responses) expect(Object.keys(r.text).sort()).toEqual(["de", "en", "es", "fr", "it", "ru"]);
  });

  it.each([
    ["a response without English", { responses: [{ id: "hi", text: { fr: "Bonjour" } }] }, "responses.0.text", /needs "en"/],
    ["a response in an unknown language", { responses: [{ id: "hi", text: { en: "Hi", pt: "Olá" } }] }, "responses.0.text.pt", /is not a language/],
    ["an empty response", { responses: [{ id: "hi", text: { en: " " } }] }, "responses.0.text.en", /must not be empty/],
    ["a duplicate response id", { responses: [{ id: "hi", text: { en: "Hi" } }, { id: "hi", text: { en: "Hello" } }] }, "responses.1.id", /"hi" appears twice/],
    ["a response id with a space", { responses: [{ id: "say hi", text: { en: "Hi" } }] }, "responses.0.id", /must be 1-64 of/],
    ["a data label without English", { "data-labels": { origin: { fr: "Origine" } } }, "data-labels.origin", /needs "en"/],
  ])("%s is one line naming the option", (_name, extra, option, problem) => {
    const error = problemOf({ ...base(), ...extra });
    expect(error.option).toBe(option);
    expect(error.problem).toMatch(problem);
  });
});

describe("routing.dispositions with labels", () => {
  it("takes codes and {code, label} alike, as {code, label?}", () => {
    const config = parseConfig({ ...base(), routing: { dispositions: ["Resolved", { code: "follow-up", label: { en: "Follow-up needed", fr: "Suivi nécessaire" } }] } });
    expect(config.routing.dispositions).toEqual([{ code: "Resolved" }, { code: "follow-up", label: { en: "Follow-up needed", fr: "Suivi nécessaire" } }]);
  });

  it.each([
    ["the same code twice, once labelled", ["a", { code: "a", label: { en: "A" } }], "routing.dispositions", /names a code twice/],
    ["a label without English", [{ code: "a", label: { de: "A" } }], "routing.dispositions.0.label", /needs "en"/],
  ])("%s is refused", (_name, dispositions, option, problem) => {
    const error = problemOf({ ...base(), routing: { dispositions } });
    expect(error.option).toBe(option);
    expect(error.problem).toMatch(problem);
  });
});

describe("textIn", () => {
  it("picks the language shown, else English", async () => {
    const { textIn } = await import("../../lib/client/workspace-texts");
    expect(textIn({ en: "Origin", fr: "Origine" }, "fr")).toBe("Origine");
    expect(textIn({ en: "Origin", fr: "Origine" }, "de")).toBe("Origin");
    expect(textIn({ en: "Origin" }, "en-XA")).toBe("Origin");
  });
});
