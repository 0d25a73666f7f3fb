/**
 * Builds the OpenAPI 3.1 document of the integration API from OPERATIONS and their zod schemas
 * (zod 4's own JSON Schema output; OpenAPI 3.1 schemas are JSON Schema 2020-12).
 */
import { z } from "zod";
import { httpStatusOf, type ErrorCode } from "../../errors";
import { OPERATIONS, type Operation } from "./operations";
import { errorBody } from "./response-schemas";

type JsonSchema = Record<string, unknown>;

export const OPENAPI_PATH = "/api/v1/openapi.json";

/** Codes any call may answer with, besides its own. */
const EVERY_CALL: ErrorCode[] = ["internal"];
const WITH_CREDENTIALS: ErrorCode[] = ["unauthorized"];

/** The router's `/a/:id` as OpenAPI writes it, `/a/{id}`. */
export const openApiPath = (path: string) => path.replace(/:([a-zA-Z]+)/g, "{$1}");

export function buildOpenApiDocument(options: { serverUrl?: string; mtls?: boolean; version?: string } = {}) {
  const components: Record<string, JsonSchema> = {};
  /** A zod schema as JSON Schema; named schemas go to components and are referred to. */
  const convert = (schema: z.ZodType, io: "input" | "output"): JsonSchema => {
    const json = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
    const { $schema: _dialect, $defs, ...rest } = json;
    for (const [id, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) components[id] = relink(def);
    // NOTE: a named root schema comes back with its id; refer to it like the others.
    const id = (rest as { id?: string }).id;
    if (typeof id === "string") {
      const { id: _id, ...body } = rest;
      components[id] = relink(body);
      return { $ref: `#/components/schemas/${id}` };
    }
    return relink(rest);
  };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    (paths[openApiPath(op.path)] ??= {})[op.method] = operationObject(op, convert, Boolean(options.mtls));
  }

  return {
    openapi: "3.1.0",
    info: {
      title: "UC Connector integration API",
      version: options.version ?? "1",
      description:
        "Routing engines, CRMs and tests create interactions and read presence and reporting events here. " +
        'Every error is {"error": {"code", "message"}}; the code is one of a closed list.',
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "an integration API key: UCC_API_KEY, the generated one, or one of `api-keys`" },
        customerToken: { type: "http", scheme: "bearer", description: "the customerToken of one interaction; reaches that interaction only" },
        ...(options.mtls ? { clientCertificate: { type: "mutualTLS", description: "a client certificate signed by the CA bundle given with --key-store-file" } } : {}),
      },
    },
  };
}

function operationObject(op: Operation, convert: (s: z.ZodType, io: "input" | "output") => JsonSchema, mtls: boolean) {
  const parameters: unknown[] = [];
  for (const [, name] of op.path.matchAll(/:([a-zA-Z]+)/g)) {
    parameters.push({ name, in: "path", required: true, schema: { type: "string", maxLength: 64 } });
  }
  for (const [name, field] of Object.entries(op.query?.shape ?? {})) {
    const schema = field as z.ZodType;
    parameters.push({ name, in: "query", required: !schema.safeParse(undefined).success, schema: convert(schema, "input") });
  }
  for (const [name, field] of Object.entries(op.headers?.shape ?? {})) {
    const schema = field as z.ZodType;
    parameters.push({ name, in: "header", required: !schema.safeParse(undefined).success, schema: convert(schema, "input") });
  }
  const responses: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(op.responses)) {
    const schemas = r.schema === undefined ? [] : Array.isArray(r.schema) ? r.schema : [r.schema];
    const other = r.contentType === "application/json" ? { type: "object" } : { type: "string" };
    const schema = schemas.length > 1 ? { oneOf: schemas.map((s) => convert(s, "output")) } : schemas[0] ? convert(schemas[0], "output") : other;
    responses[status] = { description: r.description, content: { [r.contentType ?? "application/json"]: { schema } } };
  }
  const codes = [...op.errors, ...(op.security === "none" ? [] : WITH_CREDENTIALS), ...EVERY_CALL];
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(httpStatusOf(code), [...new Set([...(byStatus.get(httpStatusOf(code)) ?? []), code])]);
  const error = convert(errorBody, "output");
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = { description: `error: ${list.join(", ")}`, content: { "application/json": { schema: error } } };
  }
  const keyed = mtls ? { apiKey: [], clientCertificate: [] } : { apiKey: [] };
  const security = op.security === "none" ? [] : op.security === "apiKey" ? [keyed] : [keyed, { customerToken: [] }];
  return {
    operationId: op.operationId,
    summary: op.summary,
    security,
    ...(parameters.length ? { parameters } : {}),
    ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: convert(op.body, "input") } } } } : {}),
    responses,
  };
}

/** zod refers to its definitions as `#/$defs/X`; in the document they live in components. */
function relink(schema: JsonSchema): JsonSchema {
  return JSON.parse(JSON.stringify(schema).replace(/"#\/\$defs\//g, '"#/components/schemas/'));
}
