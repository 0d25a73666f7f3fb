/** The Teams app package: command line checks, the manifest against Microsoft's bundled schema, the icons. */
import { unzipSync } from "fflate";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { buildPackage, PackageInputError, parsePackageArgs } from "../../scripts/teams-package";
import { checkIcons, colorIcon } from "../../scripts/teams-package-icons";
import { buildManifest, stableAppId } from "../../scripts/teams-package-manifest";
import { validateManifest } from "../../scripts/teams-package-validate";

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
    expect(Object.keys(files).sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
    const manifest = JSON.parse(new TextDecoder().decode(files["manifest.json"])) as Record<string, any>;
    expect(await validateManifest(manifest)).toEqual([]);
    expect(manifest.manifestVersion).toBe("1.22");
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

  it("is checked: the schema refuses a broken manifest, and the icon check a wrong size", async () => {
    const manifest = buildManifest({ url: new URL("https://connector.example.com"), version: "1.0.0" });
    const problems = await validateManifest({ ...manifest, id: "not-a-guid", staticTabs: [{ entityId: "x", scopes: ["personal"], context: ["nowhere"] }] });
    expect(problems.join("\n")).toMatch(/\/id /);
    expect(problems.join("\n")).toMatch(/\/staticTabs\/0\/context\/0/);
    const color = await colorIcon();
    expect(await checkIcons(color, color)).toContain("outline icon: png 192x192, want png 32x32");
  });
});
