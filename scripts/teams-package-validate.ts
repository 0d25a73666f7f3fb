/**
 * Validates a manifest offline against the schema bundled in Microsoft's @microsoft/app-manifest
 * package (the package would otherwise download it from the $schema URL).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { AppManifestUtils } from "@microsoft/app-manifest";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { MANIFEST_VERSION } from "./teams-package-manifest";

const require = createRequire(import.meta.url);

export function bundledSchemaPath(version = MANIFEST_VERSION, file = "MicrosoftTeams.schema.json"): string {
  const root = path.dirname(require.resolve("@microsoft/app-manifest/package.json"));
  return path.join(root, "build", "json-schemas", "teams", `v${version}`, file);
}

/** The schema's complaints about this manifest (empty when valid). */
export async function validateManifest(manifest: Record<string, unknown>): Promise<string[]> {
  const schema = JSON.parse(readFileSync(bundledSchemaPath(), "utf8")) as object;
  return AppManifestUtils.validateAgainstSchema(manifest as never, schema as never);
}

/**
 * The localization schema's complaints about one language file (empty when valid).
 * NOTE: not through AppManifestUtils: Microsoft's localization schema (draft-04) holds patterns
 * that are not valid as unicode regular expressions (`\b]`), which Ajv compiles with the u flag
 * by default; they are compiled here as browsers and Teams read them, without it.
 */
export function validateLanguageFile(content: Record<string, unknown>): string[] {
  const { $schema: _draft, ...schema } = JSON.parse(readFileSync(bundledSchemaPath(MANIFEST_VERSION, "MicrosoftTeams.Localization.schema.json"), "utf8")) as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv, ["uri"]);
  const validate = ajv.compile(schema);
  if (validate(content)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`);
}
