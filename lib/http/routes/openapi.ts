/** GET /api/v1/openapi.json: the integration API's OpenAPI 3.1 document (no key needed). */
import { buildOpenApiDocument, OPENAPI_PATH } from "../openapi/document";
import type { Route } from "../router";

const built = new WeakMap<object, unknown>();

export const openApiRoute: Route = {
  method: "GET",
  path: OPENAPI_PATH,
  async handler(ctx) {
    // One document per connector: its public URL and whether MTLS is on are part of it.
    let document = built.get(ctx.deps);
    if (!document) {
      document = buildOpenApiDocument({ serverUrl: ctx.deps.signIn.publicUrl(), mtls: ctx.deps.mtls });
      built.set(ctx.deps, document);
    }
    return { status: 200, body: document };
  },
};
