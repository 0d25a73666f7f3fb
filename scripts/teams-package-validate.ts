/**
 * Validates a manifest offline against the schema bundled in Microsoft's @microsoft/app-manifest
 * package (the package would otherwise download it from the $schema URL).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { AppManifestUtils } from "@microsoft/app-manifest";
import { MANIFEST_VERSION } from "./teams-package-manifest";

const require = createRequire(import.meta.url);

export function bundledSchemaPath(version = MANIFEST_VERSION): string {
  const root = path.dirname(require.resolve("@microsoft/app-manifest/package.json"));
  return path.join(root, "build", "json-schemas", "teams", `v${version}`, "MicrosoftTeams.schema.json");
}

/** The schema's complaints about this manifest (empty when valid). */
export async function validateManifest(manifest: Record<string, unknown>): Promise<string[]> {
  const schema = JSON.parse(readFileSync(bundledSchemaPath(), "utf8")) as object;
  return AppManifestUtils.validateAgainstSchema(manifest as never, schema as never);
}
