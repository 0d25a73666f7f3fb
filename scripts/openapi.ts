/**
 * `npm run openapi [-- FILE]`: writes the integration API's OpenAPI 3.1 document (the one
 * GET /api/v1/openapi.json serves, without a server URL) to FILE, default ./openapi.json.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { buildOpenApiDocument } from "../lib/http/openapi/document";

const file = path.resolve(process.argv[2] ?? "openapi.json");
const document = buildOpenApiDocument({ serverUrl: process.env.UCC_PUBLIC_URL });
writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
process.stdout.write(`OpenAPI ${document.openapi} document of ${Object.keys(document.paths).length} paths written to ${file}\n`);
