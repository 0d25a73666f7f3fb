/**
 * Checks answers of the running connector against its own OpenAPI document: the status must be
 * one the document lists for that operation, and the body must validate against its schema
 * (ajv, JSON Schema 2020-12, as OpenAPI 3.1 says).
 */
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import type { RawResponse } from "./http";

type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>>; components: { schemas: Record<string, object> } };

export function responseChecker(doc: Doc) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // The components, under the document's own `#/components/schemas/...` references.
  ajv.addSchema({ $id: "doc", components: doc.components }, "doc");
  const compiled = new Map<string, ReturnType<typeof ajv.compile>>();

  return function check(method: string, path: string, res: RawResponse): string[] {
    const operation = doc.paths[path]?.[method.toLowerCase()];
    if (!operation) return [`${method} ${path} is not in the document`];
    const documented = operation.responses[String(res.status)];
    if (!documented) return [`${method} ${path} answered ${res.status}, which the document does not list (${Object.keys(operation.responses).join(", ")})`];
    const json = documented.content?.["application/json"];
    if (!json) return [];
    const key = `${method} ${path} ${res.status}`;
    let validate = compiled.get(key);
    if (!validate) {
      const schema = JSON.parse(JSON.stringify(json.schema).replace(/"#\/components\//g, '"doc#/components/'));
      compiled.set(key, (validate = ajv.compile(schema)));
    }
    if (validate(res.json)) return [];
    return (validate.errors ?? []).map((e) => `${key}: ${e.instancePath || "(body)"} ${e.message} ${JSON.stringify(e.params)}`);
  };
}
