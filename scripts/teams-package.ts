/**
 * `npm run teams:package -- --url https://connector.example.com [options]`: writes the Microsoft
 * Teams app package (a zip of manifest.json and two icons) that an administrator uploads to
 * Teams. The manifest is validated offline against Microsoft's schema and the icons' sizes are
 * checked before anything is written; any problem stops it with one line and exit code 2.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { zipSync } from "fflate";
import { z } from "zod";
import { checkIcons, colorIcon, outlineIcon } from "./teams-package-icons";
import { languageFiles } from "./teams-package-languages";
import { buildManifest, COLOR_ICON, LOCALIZATION_SCHEMA_URL, OUTLINE_ICON, type PackageOptions } from "./teams-package-manifest";
import { validateLanguageFile, validateManifest } from "./teams-package-validate";

const EXIT_BAD_INPUT = 2;
const guid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, "must be a GUID");

const HELP = `Usage: npm run teams:package -- --url https://connector.example.com [options]

  --url URL         the connector's public https URL (required; UCC_PUBLIC_URL)
  --client-id GUID  the Entra ID app for Teams SSO (writes webApplicationInfo)
  --bot-id GUID     the invitation bot's app id (writes the bot; leave out until it exists)
  --app-id GUID     the Teams app id (default: derived from --url, stable across builds;
                    the connector derives the same from UCC_PUBLIC_URL: give it the teams
                    gateway's "app-id" too when you set this)
  --version X.Y.Z   the app version (default: package.json's); raise it for each update
  --out FILE        where to write the zip (default: dist/teams/uc-connector-teams.zip)
`;

export class PackageInputError extends Error {}

/** Reads and checks the command line; throws PackageInputError with one line on bad input. */
export function parsePackageArgs(argv: string[], defaultVersion: string): { options: PackageOptions; out: string } | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        url: { type: "string" },
        "client-id": { type: "string" },
        "bot-id": { type: "string" },
        "app-id": { type: "string" },
        version: { type: "string" },
        out: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    throw new PackageInputError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return "help";
  if (!values.url) throw new PackageInputError("--url is required: the connector's public https URL, e.g. --url https://connector.example.com");
  let url: URL;
  try {
    url = new URL(values.url);
  } catch {
    throw new PackageInputError(`--url ${values.url} is not a URL`);
  }
  if (url.protocol !== "https:") throw new PackageInputError(`--url must be https (got ${url.protocol}//${url.host}): Teams loads tabs over https only`);
  const check = (name: string, value: string | undefined, schema: z.ZodType<string>) => {
    if (value === undefined) return undefined;
    const result = schema.safeParse(value);
    if (!result.success) throw new PackageInputError(`--${name} ${value}: ${result.error.issues[0].message}`);
    return result.data;
  };
  return {
    options: {
      url,
      clientId: check("client-id", values["client-id"], guid),
      botId: check("bot-id", values["bot-id"], guid),
      appId: check("app-id", values["app-id"], guid),
      version: check("version", values.version, z.string().regex(/^\d+\.\d+\.\d+$/, "must be a version like 1.2.3")) ?? defaultVersion,
    },
    out: values.out ?? path.join("dist", "teams", "uc-connector-teams.zip"),
  };
}

/** Builds, validates and zips the package; throws PackageInputError when it does not validate. */
export async function buildPackage(options: PackageOptions): Promise<{ zip: Uint8Array; manifest: Record<string, unknown> }> {
  const manifest = buildManifest(options);
  const problems = await validateManifest(manifest);
  const languages = languageFiles(LOCALIZATION_SCHEMA_URL);
  for (const language of languages) {
    problems.push(...validateLanguageFile(language.content).map((problem) => `${language.file}: ${problem}`));
  }
  const [color, outline] = await Promise.all([colorIcon(), outlineIcon()]);
  problems.push(...(await checkIcons(color, outline)));
  if (problems.length > 0) throw new PackageInputError(`the package does not validate: ${problems.join("; ")}`);
  const zip = zipSync({
    "manifest.json": new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`),
    [COLOR_ICON]: new Uint8Array(color),
    [OUTLINE_ICON]: new Uint8Array(outline),
    ...Object.fromEntries(languages.map((l) => [l.file, new TextEncoder().encode(`${JSON.stringify(l.content, null, 2)}\n`)])),
  });
  return { zip, manifest };
}

async function main(): Promise<void> {
  const version = (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version;
  const parsed = parsePackageArgs(process.argv.slice(2), version);
  if (parsed === "help") {
    process.stdout.write(HELP);
    return;
  }
  const { zip, manifest } = await buildPackage(parsed.options);
  mkdirSync(path.dirname(parsed.out), { recursive: true });
  writeFileSync(parsed.out, zip);
  process.stdout.write(
    `Teams app package written: ${parsed.out}\n  app id ${String(manifest.id)}, version ${String(manifest.version)}, manifest ${String(manifest.manifestVersion)} (validated against the bundled schema)\n` +
      `  tab: ${parsed.options.url.origin}/extension  languages: en (manifest), ${languageFiles(LOCALIZATION_SCHEMA_URL).map((l) => l.languageTag).join(", ")}  SSO: ${parsed.options.clientId ? "on" : "off (no --client-id)"}  bot: ${parsed.options.botId ?? "none (no --bot-id)"}\n`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  main().catch((error) => {
    process.stderr.write(`teams:package: ${error instanceof PackageInputError ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(EXIT_BAD_INPUT);
  });
}
