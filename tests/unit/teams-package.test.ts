/** The Teams app package: command line checks, the manifest against Microsoft's bundled schema, the icons. */
import { unzipSync } from "fflate";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { buildPackage, PackageInputError, parsePackageArgs } from "../../scripts/teams-package";
import { checkIcons, colorIcon } from "../../scripts/teams-package-icons";
import { buildManifest, stableAppId } from "../../scripts/teams-package-manifest";
import { validateLanguageFile, validateManifest } from "../../scripts/teams-package-validate";
import { CATALOGUES } from "../../lib/i18n/catalogues";
import { en } from "../../lib/i18n/en";
import { OFFER_ACTIVITY_TYPE, teamsAppId } from "../../lib/im/teams/teams-app";

const URL_ARG = ["--url", "https://connector.example.com"];

describe("teams:package command line", () => {
  it.each([
    [["--url", "http://connector.example.com"], "--url must be https (got http://connector.example.com): Teams loads tabs over https only"],
    [[], "--url is required: the connector's public https URL, e.g. --url https://connector.example.com"],
    [["--url", "connector.example.com"], "--url connector.example.com is not a URL"],
    [[...URL_ARG, "--client-id", "abc"], "--client-id abc: must be a GUID"],
    [[...URL_ARG, "--version", "1.2"], "--version 1.2: must be a version like 1.2.3"],
  ])("refuses %j with one line", (argv, message) => {
    expect(() => parsePackageArgs(argv, "0.1.0")).toThrow(new PackageInputError(message));
  });

  it("takes the options it documents", () => {
    const parsed = parsePackageArgs([...URL_ARG, "--bot-id", "66666666-7777-8888-9999-000000000000", "--out", "x.zip"], "0.1.0");
    expect(parsed).not.toBe("help");
    if (parsed === "help") return;
    expect(parsed.out).toBe("x.zip");
    expect(parsed.options).toMatchObject({ version: "0.1.0", botId: "66666666-7777-8888-9999-000000000000", clientId: undefined });
  });
});

describe("the package", () => {
  it("holds a manifest that validates, pointing its tab and side panel at /extension, and icons of the right sizes", async () => {
    const { zip } = await buildPackage({
      url: new URL("https://connector.example.com"),
      version: "1.0.0",
      clientId: "11111111-2222-3333-4444-555555555555",
      botId: "66666666-7777-8888-9999-000000000000",
    });
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(["color.png", "de.json", "es.json", "fr.json", "it.json", "manifest.json", "outline.png", "ru.json"]);
    const manifest = JSON.parse(new TextDecoder().decode(files["manifest.json"])) as Record<string, any>;
    expect(await validateManifest(manifest)).toEqual([]);
    expect(manifest.manifestVersion).toBe("1.30");
    expect(manifest.staticTabs[0]).toMatchObject({ contentUrl: "https://connector.example.com/extension?theme={theme}", context: ["personalTab", "meetingSidePanel"] });
    expect(manifest.validDomains).toEqual(["connector.example.com"]);
    expect(manifest.webApplicationInfo).toEqual({ id: "11111111-2222-3333-4444-555555555555", resource: "api://connector.example.com/11111111-2222-3333-4444-555555555555" });
    expect(manifest.bots[0].botId).toBe("66666666-7777-8888-9999-000000000000");
    expect(await sharp(files["color.png"]).metadata()).toMatchObject({ format: "png", width: 192, height: 192 });
    expect(await sharp(files["outline.png"]).metadata()).toMatchObject({ format: "png", width: 32, height: 32, hasAlpha: true });
    expect(await checkIcons(Buffer.from(files["color.png"]), Buffer.from(files["outline.png"]))).toEqual([]);
  });

  it("keeps the same app id for the same URL, so an update replaces the app", () => {
    expect(stableAppId("https://a.example.com")).toBe(stableAppId("https://a.example.com"));
    expect(stableAppId("https://a.example.com")).not.toBe(stableAppId("https://b.example.com"));
    expect(stableAppId("https://a.example.com")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("speaks the six languages of the UI, declares the offer alert and asks for notifications; the tab drops Teams' loading indicator", async () => {
    const { zip } = await buildPackage({ url: new URL("https://connector.example.com"), version: "1.0.0" });
    const files = unzipSync(zip);
    const read = (name: string) => JSON.parse(new TextDecoder().decode(files[name])) as Record<string, any>;
    const manifest = read("manifest.json");
    expect(manifest.localizationInfo).toEqual({
      defaultLanguageTag: "en",
      additionalLanguages: ["fr", "de", "it", "es", "ru"].map((languageTag) => ({ languageTag, file: `${languageTag}.json` })),
    });
    expect(manifest.name).toEqual({ short: "UC Connector", full: en["teams.app.full-name"] });
    expect(manifest.staticTabs[0].name).toBe("Interactions");
    for (const language of ["fr", "de", "it", "es", "ru"] as const) {
      const file = read(`${language}.json`);
      expect(validateLanguageFile(file)).toEqual([]);
      expect(file).toMatchObject({
        "name.full": CATALOGUES[language]["teams.app.full-name"],
        "description.short": CATALOGUES[language]["teams.app.short-description"],
        "staticTabs[0].name": CATALOGUES[language]["interactions.heading"],
        "activities.activityTypes[0].templateText": CATALOGUES[language]["teams.app.activity.offer"],
      });
    }
    expect(read("ru.json")["staticTabs[0].name"]).toBe("Взаимодействия");
    expect(manifest.activities.activityTypes).toEqual([{ type: OFFER_ACTIVITY_TYPE, description: en["teams.app.activity.description"], templateText: "{actor} offers you a chat or a call" }]);
    expect(manifest.devicePermissions).toEqual(["notifications"]);
    expect(manifest.showLoadingIndicator).toBe(true);
    // A language file the schema refuses: too long a short name, a field it does not know.
    const problems = validateLanguageFile({ ...read("fr.json"), "name.short": "x".repeat(31), "nom.court": "UC" }).join("\n");
    expect(problems).toMatch(/name\.short/);
    expect(problems).toMatch(/nom\.court/);
  });

  it("has the app id the connector's deep links name (one source: the same public URL gives the same id)", () => {
    const manifest = buildManifest({ url: new URL("https://connector.example.com/ucc/"), version: "1.0.0" });
    expect(manifest.id).toBe(teamsAppId("https://connector.example.com/ucc"));
    expect(manifest.id).toBe(teamsAppId("https://connector.example.com/ucc/"));
    expect(buildManifest({ url: new URL("https://connector.example.com"), version: "1.0.0", appId: "11111111-2222-3333-4444-555555555555" }).id).toBe(
      teamsAppId("https://connector.example.com", "11111111-2222-3333-4444-555555555555"),
    );
  });

  it("is checked: the schema refuses a broken manifest, and the icon check a wrong size", async () => {
    const manifest = buildManifest({ url: new URL("https://connector.example.com"), version: "1.0.0" });
    const problems = await validateManifest({ ...manifest, id: "not-a-guid", staticTabs: [{ entityId: "x", scopes: ["personal"], context: ["nowhere"] }] });
    expect(problems.join("\n")).toMatch(/\/id /);
    expect(problems.join("\n")).toMatch(/\/staticTabs\/0\/context\/0/);
    const color = await colorIcon();
    expect(await checkIcons(color, color)).toContain("outline icon: png 192x192, want png 32x32");
  });
});
